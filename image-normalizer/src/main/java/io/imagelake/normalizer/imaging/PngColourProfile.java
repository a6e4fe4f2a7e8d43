package io.imagelake.normalizer.imaging;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ComponentColorModel;
import java.util.Optional;

/**
 * The JDK's PNG reader (no TwelveMonkeys plugin replaces it) ignores an embedded {@code iCCP}
 * profile and hands back the samples as if they were sRGB; TwelveMonkeys already does this for JPEG.
 * Here the samples are reinterpreted in the embedded profile and converted to sRGB, so a PNG
 * saved in, say, Display P3 or linear RGB does not come out washed out or too dark in silver.
 */
final class PngColourProfile {

    private PngColourProfile() {}

    /** {@code icc}: the profile {@link PngChunks#colourProfile} inflated, if any. */
    static BufferedImage toSrgb(BufferedImage image, Optional<byte[]> icc) {
        return icc.flatMap(PngColourProfile::profile)
                .filter(profile -> image.getColorModel() instanceof ComponentColorModel)
                .filter(profile ->
                        profile.getNumComponents() == image.getColorModel().getNumColorComponents())
                .map(profile -> convert(image, profile))
                .orElse(image);
    }

    private static BufferedImage convert(BufferedImage image, ICC_Profile profile) {
        ComponentColorModel decoded = (ComponentColorModel) image.getColorModel();
        ComponentColorModel embedded = new ComponentColorModel(
                new ICC_ColorSpace(profile),
                decoded.hasAlpha(),
                decoded.isAlphaPremultiplied(),
                decoded.getTransparency(),
                decoded.getTransferType());
        BufferedImage inProfile = new BufferedImage(embedded, image.getRaster(), decoded.isAlphaPremultiplied(), null);
        BufferedImage srgb = new BufferedImage(
                image.getWidth(),
                image.getHeight(),
                decoded.hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        return new ColorConvertOp(null).filter(inProfile, srgb);
    }

    private static Optional<ICC_Profile> profile(byte[] icc) {
        try {
            ICC_Profile profile = ICC_Profile.getInstance(icc);
            return profile.getColorSpaceType() == ColorSpace.TYPE_RGB
                            || profile.getColorSpaceType() == ColorSpace.TYPE_GRAY
                    ? Optional.of(profile)
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a broken profile: keep the samples as they are rather than reject the image
        }
    }
}
