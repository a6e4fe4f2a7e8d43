package io.imagelake.normalizer.imaging;

import io.imagelake.contracts.ImageNormalized;
import io.imagelake.normalizer.NormalizerProperties;
import io.imagelake.normalizer.features.CropSignature;
import io.imagelake.normalizer.features.ImageFeatures;
import org.springframework.stereotype.Component;

import java.awt.image.BufferedImage;

/** Original bytes in, the silver JPEG out: decode safely, turn upright, downscale, re-encode without metadata. */
@Component
public class SilverRenderer {

    private final ImageDecoder decoder;
    private final NormalizerProperties properties;

    public SilverRenderer(ImageDecoder decoder, NormalizerProperties properties) {
        this.decoder = decoder;
        this.properties = properties;
    }

    /** The silver rendition and what the original was. */
    public record Rendition(byte[] jpeg, byte[] thumbnail, int width, int height, int originalWidth, int originalHeight,
                            String originalFormat, CameraFacts camera, ImageNormalized.Features features,
                            CropSignature crop) {

        public int orientation() {
            return camera.orientation();
        }
    }

    public Rendition render(byte[] original) {
        ImageDecoder.Decoded decoded = decoder.decode(original);
        CameraFacts camera = CameraFacts.read(original);
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
