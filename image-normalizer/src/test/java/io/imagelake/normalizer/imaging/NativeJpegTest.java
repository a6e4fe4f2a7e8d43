package io.imagelake.normalizer.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.devstack.images.SyntheticImages;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;

class NativeJpegTest {

    @Test
    void aPlainJpegComesOutAtTheSilverSize() {
        byte[] photo = SyntheticImages.jpeg(5, 4000, 3001);

        BufferedImage image = NativeJpeg.decode(photo, 4000, 3001, 1024).orElseThrow();

        // as Images.fitWithin sizes it
        assertThat(image.getWidth()).isEqualTo(1024);
        assertThat(image.getHeight()).isEqualTo(768);
    }

    @Test
    void theScaleNeverTakesTheLongEdgeBelowTheTarget() {
        assertThat(NativeJpeg.scale(8192, 1024)).isEqualTo(8);
        assertThat(NativeJpeg.scale(8185, 1024)).isEqualTo(8); // libjpeg rounds scaled sizes up
        assertThat(NativeJpeg.scale(8184, 1024)).isEqualTo(4);
        assertThat(NativeJpeg.scale(2048, 1024)).isEqualTo(2);
        assertThat(NativeJpeg.scale(2046, 1024)).isEqualTo(1);
        assertThat(NativeJpeg.scale(640, 1024)).isEqualTo(1);
    }

    @Test
    void itsPixelsAreThoseOfImageIoWithinRoundingOfTheScaledIdct() throws IOException {
        byte[] photo = SyntheticImages.jpeg(6, 1200, 800);

        BufferedImage fast = NativeJpeg.decode(photo, 1200, 800, 1200).orElseThrow();
        BufferedImage reference = ImageIO.read(new ByteArrayInputStream(photo));

        assertThat(meanAbsoluteDifference(fast, reference)).isLessThan(2.0);
    }

    @Test
    void itsEncodingDecodesToTheSamePixelsAndCarriesNoMetadata() throws IOException {
        BufferedImage source = Images.toRgb(ImageIO.read(new ByteArrayInputStream(SyntheticImages.jpeg(9, 640, 480))));

        byte[] jpeg = NativeJpeg.encode(source, 0.85f);

        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(decoded.getWidth()).isEqualTo(640);
        assertThat(meanAbsoluteDifference(decoded, source)).isLessThan(3.0);
        assertThat(JpegMarkers.plain(jpeg))
                .as("no ICC, no Adobe segment, complete")
                .isTrue();
        assertThat(new String(jpeg, StandardCharsets.ISO_8859_1)).doesNotContain("Exif");
    }

    @Test
    void theSystemsSimdLibjpegDecodesToOpenCvsPixelsAtEveryScale() {
        TurboJpeg simd = TurboJpeg.get()
                .orElseThrow(() -> new AssertionError("libturbojpeg (Debian's libturbojpeg0, which ./lake installs)"));
        byte[] photo = SyntheticImages.jpeg(10, 1203, 797);

        for (int scale : new int[] {1, 2, 4, 8}) {
            Mat expected = NativeJpeg.decodeWithOpenCv(photo, scale);
            Mat actual = NativeJpeg.decodeSimd(simd, photo, scale);
            try {
                assertThat(actual.empty()).as("1/%d decoded", scale).isFalse();
                assertThat(actual.size()).as("1/%d", scale).isEqualTo(expected.size());
                assertThat(Core.norm(expected, actual, Core.NORM_INF))
                        .as("1/%d", scale)
                        .isZero();
            } finally {
                expected.release();
                actual.release();
            }
        }
    }

    @Test
    void theSystemsSimdLibjpegEncodesTheSameBytesAsOpenCvs() throws IOException {
        assertThat(TurboJpeg.get())
                .as("libturbojpeg (Debian's libturbojpeg0, which ./lake installs)")
                .isPresent();
        BufferedImage source =
                Images.toRgb(ImageIO.read(new ByteArrayInputStream(SyntheticImages.jpeg(11, 1024, 683))));

        assertThat(NativeJpeg.encode(source, 0.85f)).isEqualTo(NativeJpeg.encodeWithOpenCv(source, 0.85f));
    }

    @Test
    void aJpegLibjpegWarnsAboutIsLeftToImageIo() {
        byte[] photo = SyntheticImages.jpeg(12, 800, 600);
        // entropy-coded data cut short inside a complete-looking file: libjpeg would decode around it, with a warning
        byte[] damaged = Arrays.copyOf(Arrays.copyOf(photo, photo.length * 2 / 3), photo.length * 2 / 3 + 2);
        damaged[damaged.length - 2] = (byte) 0xFF;
        damaged[damaged.length - 1] = (byte) 0xD9;

        assertThat(JpegMarkers.plain(damaged)).isTrue();
        Mat aroundTheDamage = NativeJpeg.decodeWithOpenCv(damaged, 1);
        assertThat(aroundTheDamage.empty())
                .as("OpenCV's copy decodes around it")
                .isFalse();
        aroundTheDamage.release();
        assertThat(NativeJpeg.decode(damaged, 800, 600, 1024)).isEmpty();
    }

    @Test
    void aPhotoCarryingAnotherOfSrgbsProfilesTakesThisPathToThePixelsImageIoGivesAfterItsColourTransform()
            throws IOException {
        byte[] profile = SrgbProfileTest.srgbVariant(0.0002f, SrgbProfileTest.srgbTable(1024))
                .getData();
        byte[] photo = SyntheticImages.withSegment(
                SyntheticImages.jpeg(13, 640, 480),
                0xE2,
                concat("ICC_PROFILE\0\1\1".getBytes(StandardCharsets.ISO_8859_1), profile));

        assertThat(JpegMarkers.plain(photo)).isTrue();
        BufferedImage fast = NativeJpeg.decode(photo, 640, 480, 640).orElseThrow();
        BufferedImage transformed = ImageIO.read(new ByteArrayInputStream(photo));

        assertThat(meanAbsoluteDifference(fast, transformed)).isLessThan(0.5);
        // ImageIO does transform by an embedded profile: by one that is not sRGB's, far from the decoded pixels
        byte[] otherColorants = SyntheticImages.withSegment(
                SyntheticImages.jpeg(13, 640, 480),
                0xE2,
                concat(
                        "ICC_PROFILE\0\1\1".getBytes(StandardCharsets.ISO_8859_1),
                        SrgbProfileTest.srgbVariant(0.05f, SrgbProfileTest.srgbTable(1024))
                                .getData()));
        assertThat(JpegMarkers.plain(otherColorants)).isFalse();
        assertThat(meanAbsoluteDifference(fast, ImageIO.read(new ByteArrayInputStream(otherColorants))))
                .isGreaterThan(2.0);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Test
    void aTruncatedJpegIsLeftToImageIoWhichRejectsIt() {
        byte[] photo = SyntheticImages.jpeg(7, 800, 600);

        assertThat(NativeJpeg.decode(Arrays.copyOf(photo, photo.length / 2), 800, 600, 1024))
                .isEmpty();
        assertThat(JpegMarkers.plain(photo)).isTrue();
    }

    @Test
    void aJpegWithAnIccProfileOtherThanSrgbOrAnAdobeTransformIsLeftToImageIo() {
        byte[] photo = SyntheticImages.jpeg(8, 64, 64);
        String srgb = new String(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData(), StandardCharsets.ISO_8859_1);
        String linearRgb =
                new String(ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData(), StandardCharsets.ISO_8859_1);

        assertThat(JpegMarkers.plain(withSegment(photo, 0xE2, "ICC_PROFILE\0\1\1" + srgb)))
                .isTrue();
        assertThat(JpegMarkers.plain(withSegment(photo, 0xE2, "ICC_PROFILE\0\1\1" + linearRgb)))
                .isFalse();
        assertThat(JpegMarkers.plain(withSegment(photo, 0xE2, "ICC_PROFILE\0\1\1not a profile")))
                .isFalse();
        assertThat(JpegMarkers.plain(withSegment(photo, 0xEE, "Adobe"))).isFalse();
        assertThat(JpegMarkers.plain(withSegment(photo, 0xE1, "Exif\0\0"))).isTrue();
        assertThat(JpegMarkers.plain("not a jpeg".getBytes())).isFalse();
    }

    private static byte[] withSegment(byte[] jpeg, int marker, String content) {
        return SyntheticImages.withSegment(jpeg, marker, content.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }
}
