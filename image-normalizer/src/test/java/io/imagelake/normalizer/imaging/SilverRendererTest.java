package io.imagelake.normalizer.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagelake.contracts.RejectionCode;
import io.imagelake.devstack.images.SyntheticImages;
import io.imagelake.normalizer.NormalizerProperties;
import io.imagelake.testing.PropertiesBinding;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SilverRendererTest {

    private static NormalizerProperties properties(long maxPixels) {
        return PropertiesBinding.bind(NormalizerProperties.class, Map.of("max-pixels", Long.toString(maxPixels)));
    }

    private final SilverRenderer renderer = Renderers.of(properties(50_000_000));

    @Test
    void aLargePhotoIsDownscaledToTheLongEdgeKeepingItsAspect() throws Exception {
        SilverRenderer.Rendition<?> r = renderer.render(SyntheticImages.jpeg(1, 3000, 2000));

        assertThat(r.width()).isEqualTo(1024);
        assertThat(r.height()).isEqualTo(683);
        assertThat(r.originalWidth()).isEqualTo(3000);
        assertThat(r.originalFormat()).isEqualTo("jpeg");
        assertThat(decode(r.jpeg()).getWidth()).isEqualTo(1024);
        assertThat(decode(r.thumbnail()).getWidth()).isEqualTo(256);
        assertThat(decode(r.thumbnail()).getHeight()).isEqualTo(171);
    }

    @Test
    void aSmallImageIsNeverUpscaled() throws Exception {
        SilverRenderer.Rendition<?> r = renderer.render(SyntheticImages.png(2, 300, 200));

        assertThat(r.width()).isEqualTo(300);
        assertThat(r.height()).isEqualTo(200);
        assertThat(r.originalFormat()).isEqualTo("png");
    }

    @ParameterizedTest
    @CsvSource({"1,400,200", "3,400,200", "6,200,400", "8,200,400", "5,200,400"})
    void exifOrientationIsAppliedSoTheImageIsUpright(int orientation, int width, int height) throws Exception {
        byte[] sideways = SyntheticImages.withExifOrientation(SyntheticImages.jpeg(3, 400, 200), orientation);

        SilverRenderer.Rendition<?> r = renderer.render(sideways);

        assertThat(r.orientation()).isEqualTo(orientation);
        assertThat(r.width()).isEqualTo(width);
        assertThat(r.height()).isEqualTo(height);
    }

    @Test
    void orientationSixTurnsTheTopLeftCornerToTheTopRight() throws Exception {
        BufferedImage marked = SyntheticImages.picture(4, 40, 20, false);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 5; x++) {
                marked.setRGB(x, y, 0xFF0000);
            }
        }
        BufferedImage upright = ExifOrientation.apply(marked, 6);

        assertThat(upright.getWidth()).isEqualTo(20);
        assertThat(upright.getRGB(19, 0) & 0xFFFFFF).isEqualTo(0xFF0000);
    }

    @Test
    void silverCarriesNoMetadataOfTheOriginal() throws Exception {
        byte[] withExif = SyntheticImages.withExifOrientation(SyntheticImages.jpeg(5, 600, 400), 6);

        byte[] silver = renderer.render(withExif).jpeg();

        assertThat(new String(silver, StandardCharsets.ISO_8859_1)).doesNotContain("Exif");
    }

    @Test
    void anImageAboveThePixelBudgetIsRejectedBeforeDecoding() throws Exception {
        SilverRenderer strict = Renderers.of(properties(10_000));

        assertThatThrownBy(() -> strict.render(SyntheticImages.png(6, 200, 200)))
                .isInstanceOfSatisfying(
                        RejectedImageException.class, e -> assertThat(e.code()).isEqualTo(RejectionCode.TOO_LARGE));
    }

    @Test
    void aPngDeclaringHugeDimensionsIsABombAndRejected() throws Exception {
        byte[] png = SyntheticImages.png(7, 16, 16);
        // IHDR width/height live at bytes 16..23: declare 60000 x 60000
        byte[] bomb = Arrays.copyOf(png, png.length);
        writeInt(bomb, 16, 60_000);
        writeInt(bomb, 20, 60_000);

        assertThatThrownBy(() -> renderer.render(bomb))
                .isInstanceOfSatisfying(
                        RejectedImageException.class, e -> assertThat(e.code()).isEqualTo(RejectionCode.TOO_LARGE));
    }

    @Test
    void emptyGarbageAndHeaderOnlyFilesAreRejectedWithAReason() throws Exception {
        assertRejected(new byte[0], "EMPTY");
        assertRejected("definitely not an image".getBytes(StandardCharsets.UTF_8), "UNSUPPORTED_FORMAT");
        assertRejected(Arrays.copyOf(SyntheticImages.jpeg(8, 200, 200), 20), "CORRUPT");
    }

    @Test
    void cameraMakeModelAndOrientationAreKeptFromTheOriginalButNeverReachSilver() throws Exception {
        byte[] photo = SyntheticImages.withExif(SyntheticImages.jpeg(10, 400, 300), 6, "Google", "Pixel 8");

        SilverRenderer.Rendition<?> r = renderer.render(photo);

        assertThat(r.camera().make()).isEqualTo("Google");
        assertThat(r.camera().model()).isEqualTo("Pixel 8");
        assertThat(r.orientation()).isEqualTo(6);
        assertThat(CameraFacts.read(r.jpeg())).isEqualTo(CameraFacts.NONE);
        assertThat(new String(r.jpeg(), StandardCharsets.ISO_8859_1)).doesNotContain("Pixel 8");
    }

    @Test
    void transparencyIsFlattenedOntoTheConfiguredBackground() throws Exception {
        byte[] clear = SyntheticImages.encode(
                new BufferedImage(40, 30, BufferedImage.TYPE_INT_ARGB), "png"); // every pixel transparent
        NormalizerProperties onNavy =
                PropertiesBinding.bind(NormalizerProperties.class, Map.of("background", "#000080"));

        int rgb = decode(Renderers.of(onNavy).render(clear).jpeg()).getRGB(20, 15);

        assertThat((rgb >> 16) & 0xFF).isLessThan(10);
        assertThat((rgb >> 8) & 0xFF).isLessThan(10);
        assertThat(rgb & 0xFF).isBetween(118, 138);
        assertThat(decode(renderer.render(clear).jpeg()).getRGB(20, 15) & 0xFFFFFF)
                .as("white by default")
                .isGreaterThan(0xF0F0F0);
    }

    @Test
    void aTruncatedJpegIsRejectedAsTruncatedNeverRenderedWithGreyRows() throws Exception {
        byte[] photo = SyntheticImages.jpeg(31, 1200, 900);

        assertRejected(Arrays.copyOf(photo, photo.length * 6 / 10), "TRUNCATED");
        assertThat(renderer.render(photo).width()).as("the whole file").isEqualTo(1024);
    }

    @Test
    void arithmeticCodedAndTwelveBitJpegsAreAnUnsupportedEncodingNotCorrupt() throws Exception {
        byte[] photo = SyntheticImages.jpeg(32, 64, 48);
        int sof = sof0(photo);
        byte[] arithmetic = photo.clone();
        arithmetic[sof + 1] = (byte) 0xC9; // SOF9: extended sequential, arithmetic coding
        byte[] twelveBit = photo.clone();
        twelveBit[sof + 4] = 12; // sample precision

        assertRejected(arithmetic, "UNSUPPORTED_ENCODING");
        assertRejected(twelveBit, "UNSUPPORTED_ENCODING");
    }

    /** The offset of the SOF0 marker (FF C0) of a JPEG the JDK wrote. */
    private static int sof0(byte[] jpeg) {
        for (int i = 2; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                return i;
            }
        }
        throw new AssertionError("no SOF0");
    }

    @Test
    void aDecodeThatOutlivesItsDeadlineIsAbortedAndRejected() throws Exception {
        // the deadline is ImageIO's
        NormalizerProperties impatient = PropertiesBinding.bind(
                NormalizerProperties.class, Map.of("decode-timeout", "1ns", "native-jpeg", "false"));
        byte[] photo = SyntheticImages.jpeg(9, 4000, 3000);

        assertThatThrownBy(() -> Renderers.of(impatient).render(photo))
                .isInstanceOfSatisfying(
                        RejectedImageException.class,
                        e -> assertThat(e.code()).isEqualTo(RejectionCode.DECODE_TIMEOUT));
    }

    private void assertRejected(byte[] bytes, String code) {
        assertThatThrownBy(() -> renderer.render(bytes))
                .isInstanceOfSatisfying(
                        RejectedImageException.class,
                        e -> assertThat(e.code().name()).isEqualTo(code));
    }

    private static void writeInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 24);
        bytes[offset + 1] = (byte) (value >>> 16);
        bytes[offset + 2] = (byte) (value >>> 8);
        bytes[offset + 3] = (byte) value;
    }

    private static BufferedImage decode(byte[] jpeg) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(jpeg));
    }
}
