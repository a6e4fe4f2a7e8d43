package io.imagelake.normalizer.imaging;

import io.imagelake.contracts.RejectionCode;
import io.imagelake.normalizer.NormalizerProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.awt.image.BufferedImage;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/** Original bytes in, the silver JPEG out: decode safely, turn upright, downscale, re-encode without metadata. */
@Component
public class SilverRenderer {

    private final ImageDecoder decoder;
    private final RenderMemory memory;
    private final NormalizerProperties properties;
    private final MeterRegistry meters;

    public SilverRenderer(
            ImageDecoder decoder, RenderMemory memory, NormalizerProperties properties, MeterRegistry meters) {
        this.decoder = decoder;
        this.memory = memory;
        this.properties = properties;
        this.meters = meters;
    }

    /** The silver rendition, what the original was, and what the caller's analysis found in its pixels. */
    public record Rendition<A>(
            byte[] jpeg,
            byte[] thumbnail,
            int width,
            int height,
            int originalWidth,
            int originalHeight,
            String originalFormat,
            CameraFacts camera,
            A analysis) {

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
    public Rendition<Void> render(byte[] original) throws InterruptedException {
        return render(original, pixels -> null);
    }

    /**
     * As {@link #render(byte[])}, and {@code analysis} reads the upright, downscaled pixels (the
     * features the curation compares) while the memory lease still holds them: the renderer knows
     * nothing of what is computed, so imaging never depends on the features built on it.
     */
    public <A> Rendition<A> render(byte[] original, Function<BufferedImage, A> analysis) throws InterruptedException {
        ImageDecoder.Header header = decoder.probe(original);
        CameraFacts camera = CameraFacts.read(original);
        DecodePlan plan =
                DecodePlan.of(header, header.orientationToApply(camera), properties.maxLongEdge(), memory.budget());
        try (RenderMemory.Lease lease = memory.reserve(plan.bytes())) {
            return render(original, header, camera, plan, analysis);
        } catch (OutOfMemoryError crowded) {
            meters.counter("lake.normalizer.decode.memory.exhausted", "outcome", "retried-alone")
                    .increment();
        }
        try (RenderMemory.Lease alone = memory.reserveAll()) {
            return render(original, header, camera, plan, analysis);
        } catch (OutOfMemoryError e) {
            meters.counter("lake.normalizer.decode.memory.exhausted", "outcome", "rejected")
                    .increment();
            throw new RejectedImageException(
                    RejectionCode.TOO_LARGE,
                    "a %dx%d %s exhausted the heap even when decoded alone"
                            .formatted(header.width(), header.height(), header.format()));
        }
    }

    private <A> Rendition<A> render(
            byte[] original,
            ImageDecoder.Header header,
            CameraFacts camera,
            DecodePlan plan,
            Function<BufferedImage, A> analysis) {
        ImageDecoder.Decoded decoded = decoder.decode(original, header, plan.subsampling());
        BufferedImage opaque = Images.flatten(decoded.image(), properties.backgroundColor());
        BufferedImage upright = ExifOrientation.apply(opaque, header.orientationToApply(camera));
        BufferedImage resized = Images.fitWithin(upright, properties.maxLongEdge());
        byte[] jpeg = Images.jpeg(resized, properties.jpegQuality(), properties.nativeJpeg());
        byte[] thumbnail = Images.jpeg(
                Images.fitWithin(resized, properties.thumbnailLongEdge()),
                properties.jpegQuality(),
                properties.nativeJpeg());
        return new Rendition<>(
                jpeg,
                thumbnail,
                resized.getWidth(),
                resized.getHeight(),
                decoded.width(),
                decoded.height(),
                decoded.format(),
                camera,
                analysis.apply(resized));
    }
}
