package io.imagelake.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.devstack.images.SyntheticImages;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

    @Test
    void jpegAndPngAreRecognisedFromTheirBytes() {
        byte[] jpeg = SyntheticImages.jpeg(1, 32, 32);
        byte[] png = SyntheticImages.png(1, 32, 32);

        assertThat(ImageFormat.detect(jpeg)).contains(ImageFormat.JPEG);
        assertThat(ImageFormat.detect(png)).contains(ImageFormat.PNG);
    }

    @Test
    void everyAcceptedFormatHasItsMagicNumber() {
        assertThat(detect("GIF89a......")).contains(ImageFormat.GIF);
        assertThat(detect("RIFF\0\0\0\0WEBPVP8 ")).contains(ImageFormat.WEBP);
        assertThat(ImageFormat.detect(SyntheticImages.encode(SyntheticImages.picture(1, 16, 16, false), "bmp")))
                .contains(ImageFormat.BMP);
        assertThat(detect("II*\0\0\0\0\0")).contains(ImageFormat.TIFF);
        assertThat(detect("MM\0*\0\0\0\0")).contains(ImageFormat.TIFF);
        assertThat(detect("\0\0\0\u0018ftypheic\0\0\0\0")).contains(ImageFormat.HEIC);
        assertThat(detect("\0\0\0\u001cftypavif\0\0\0\0")).contains(ImageFormat.AVIF);
    }

    @Test
    void textPdfAndTruncatedMagicAreNotImages() {
        assertThat(detect("hello, world")).isEmpty();
        assertThat(detect("BMW 320d, one owner, full service history"))
                .as("BM and then not a BMP header")
                .isEmpty();
        assertThat(detect("BM\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"))
                .as("no DIB header size")
                .isEmpty();
        assertThat(detect("%PDF-1.7\n")).isEmpty();
        assertThat(detect("\0\0\0\u0018ftypmp42")).isEmpty();
        assertThat(ImageFormat.detect(new byte[] {(byte) 0xFF, (byte) 0xD8})).isEmpty();
        assertThat(ImageFormat.detect(new byte[0])).isEmpty();
    }

    private static Optional<ImageFormat> detect(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return ImageFormat.detect(bytes);
    }
}
