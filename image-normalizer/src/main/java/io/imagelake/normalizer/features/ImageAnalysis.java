package io.imagelake.normalizer.features;

import io.imagelake.contracts.ImageNormalized;
import java.awt.image.BufferedImage;

/** What curation compares of a silver rendition: its whole-frame features and its crop signature. */
public record ImageAnalysis(ImageNormalized.Features features, CropSignature crop) {

    /** Both from one greyscale pass over the rendition's pixels. */
    public static ImageAnalysis of(BufferedImage rendition) {
        double[][] grey = ImageFeatures.grey(rendition);
        return new ImageAnalysis(ImageFeatures.of(rendition, grey), CropSignature.of(grey));
    }
}
