package io.imagelake.normalizer.imaging;

import io.imagelake.contracts.ImageNormalized;
import io.imagelake.normalizer.NormalizerProperties;
import io.imagelake.normalizer.features.CropSignature;
import io.imagelake.normalizer.features.ImageFeatures;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.awt.image.BufferedImage;

/** Original bytes in, the silver JPEG out: decode safely, turn upright, downscale, re-encode without metadata. */
@Component
public class SilverRenderer {

    private final ImageDecoder decoder;
    private final RenderMemory memory;
    private final NormalizerProperties properties;
    private final MeterRegistry meters;

    public SilverRenderer(ImageDecoder decoder, RenderMemory memory, NormalizerProperties properties, MeterRegistry meters) {
        this.decoder = decoder;
        this.memory = memory;
        this.properties = properties;
        this.meters = meters;
    }

    /** The silver rendition and what the original was. */
    public record Rendition(byte[] jpeg, byte[] thumbnail, int width, int height, int originalWidth, int originalHeight,
                            String originalFormat, CameraFacts camera, ImageNormalized.Features features,
                            CropSignature crop) {

        public int orientation() {
            return camera.orientation();
        }
    }

    /**
     * Renders within the decode memory budget: reserves what the {@link DecodePlan} says, waiting
     * while other renders hold it. If the heap still runs out (the estimate was wrong, or the rest
     * of the service holds more than usual), the image is tried once more alone, holding the whole
     * budget; only if it fails then too is it TOO_LARGE. So an out-of-memory error never stops the
     * consumer, never makes a valid image CORRUPT, and never sends one record round in a loop.
     */
    public Rendition render(byte[] original) throws InterruptedException {
        ImageDecoder.Header header = decoder.probe(original);
        CameraFacts camera = CameraFacts.read(original);
        DecodePlan plan = DecodePlan.of(header, camera.orientation(), properties.maxLongEdge(), memory.budget());
        try (RenderMemory.Lease lease = memory.reserve(plan.bytes())) {
            return render(original, header, camera, plan);
        } catch (OutOfMemoryError crowded) {
            meters.counter("lake.normalizer.decode.memory.exhausted", "outcome", "retried-alone").increment();
        }
        try (RenderMemory.Lease alone = memory.reserveAll()) {
            return render(original, header, camera, plan);
        } catch (OutOfMemoryError e) {
            meters.counter("lake.normalizer.decode.memory.exhausted", "outcome", "rejected").increment();
            throw new RejectedImageException("TOO_LARGE", "a %dx%d %s exhausted the heap even when decoded alone"
                    .formatted(header.width(), header.height(), header.format()));
        }
    }

    private Rendition render(byte[] original, ImageDecoder.Header header, CameraFacts camera, DecodePlan plan) {
        ImageDecoder.Decoded decoded = decoder.decode(original, header, plan.subsampling());
        BufferedImage opaque = Images.flatten(decoded.image(), properties.backgroundColor());
        BufferedImage upright = ExifOrientation.apply(opaque, camera.orientation());
        BufferedImage resized = Images.fitWithin(upright, properties.maxLongEdge());
        byte[] jpeg = Images.jpeg(resized, properties.jpegQuality(), properties.nativeJpeg());
        byte[] thumbnail = Images.jpeg(Images.fitWithin(resized, properties.thumbnailLongEdge()), properties.jpegQuality(),
                properties.nativeJpeg());
        double[][] grey = ImageFeatures.grey(resized);
        return new Rendition(jpeg, thumbnail, resized.getWidth(), resized.getHeight(), decoded.width(),
                decoded.height(), decoded.format(), camera, ImageFeatures.of(resized, grey), CropSignature.of(grey));
    }
}
