package io.imagelake.normalizer.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.devstack.images.SyntheticImages;
import io.imagelake.normalizer.imaging.Images;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CropSignatureTest {

    private static final int MAX_DISTANCE = 8;
    private static final double MIN_CORRELATION = 0.85;

    private final BufferedImage picture = SyntheticImages.picture(5, 1600, 1200, false);

    @Test
    void aCropOfUpToATenthPerSideFindsTheOriginalsCentre() {
        CropSignature.Centre original = signature(picture).centre();

        assertThat(matches(signature(cut(picture, 0.05, 0.05, 0.05, 0.05)), original))
                .as("5 % off every side")
                .isTrue();
        assertThat(matches(signature(cut(picture, 0.10, 0.10, 0.10, 0.10)), original))
                .as("10 % off every side")
                .isTrue();
        assertThat(matches(signature(cut(picture, 0.08, 0.08, 0, 0)), original))
                .as("8 % off the left and top")
                .isTrue();
    }

    @Test
    void theUncroppedOriginalFindsTheCentreOfAnEarlierCrop() {
        CropSignature.Centre crop =
                signature(cut(picture, 0.05, 0.05, 0.05, 0.05)).centre();

        assertThat(matches(signature(picture), crop)).isTrue();
    }

    @Test
    void anotherPictureDoesNotMatch() {
        CropSignature.Centre original = signature(picture).centre();

        for (int seed = 6; seed < 16; seed++) {
            assertThat(matches(signature(SyntheticImages.picture(seed, 1600, 1200, false)), original))
                    .as("seed %d", seed)
                    .isFalse();
        }
    }

    @Test
    void correlationIgnoresBrightnessAndContrastButNotContent() {
        byte[] patch = signature(picture).centre().patch();
        byte[] brighter = new byte[patch.length];
        for (int i = 0; i < patch.length; i++) {
            brighter[i] = (byte) Math.min(255, (patch[i] & 0xFF) * 0.8 + 40);
        }
        byte[] other = signature(SyntheticImages.picture(6, 1600, 1200, false))
                .centre()
                .patch();
        byte[] flat = new byte[patch.length];
        Arrays.fill(flat, (byte) 128);

        assertThat(CropSignature.correlation(patch, brighter)).isGreaterThan(0.99);
        assertThat(CropSignature.correlation(patch, other)).isLessThan(MIN_CORRELATION);
        assertThat(CropSignature.correlation(patch, flat))
                .as("a flat patch is no evidence")
                .isZero();
    }

    @Test
    void probesStayInsideTheImageAndIncludeItsCentre() {
        CropSignature signature = signature(picture);

        assertThat(signature.probes()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.region().left()).isGreaterThanOrEqualTo(-1e-9);
            assertThat(p.region().top()).isGreaterThanOrEqualTo(-1e-9);
            assertThat(p.region().left() + p.region().size()).isLessThanOrEqualTo(1 + 1e-9);
            assertThat(p.region().top() + p.region().size()).isLessThanOrEqualTo(1 + 1e-9);
        });
        assertThat(signature.probes())
                .extracting(CropSignature.Probe::hash)
                .contains(signature.centre().hash());
    }

    private static boolean matches(CropSignature later, CropSignature.Centre earlier) {
        return later.probes().stream()
                .anyMatch(p -> Long.bitCount(p.hash() ^ earlier.hash()) <= MAX_DISTANCE
                        && later.correlation(p, earlier.patch()) >= MIN_CORRELATION);
    }

    /** As the normalizer sees it: the silver rendition. */
    private static CropSignature signature(BufferedImage image) {
        return CropSignature.of(Images.fitWithin(image, 1024));
    }

    private static BufferedImage cut(BufferedImage image, double left, double top, double right, double bottom) {
        int x0 = (int) (image.getWidth() * left);
        int y0 = (int) (image.getHeight() * top);
        return image.getSubimage(
                x0,
                y0,
                image.getWidth() - x0 - (int) (image.getWidth() * right),
                image.getHeight() - y0 - (int) (image.getHeight() * bottom));
    }
}
