package io.imagelake.normalizer.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagelake.devstack.images.SyntheticImages;
import io.imagelake.normalizer.NormalizerProperties;
import io.imagelake.testing.PropertiesBinding;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every format and pixel layout the lake accepts, and the hostile files it refuses, with the expected outcome. */
class FormatMatrixTest {

    private static final NormalizerProperties PROPERTIES = PropertiesBinding.defaults(NormalizerProperties.class);
    /** A 1x1 lossless WebP (no WebP writer exists on the JVM to generate one). */
    private static final String WEBP_1X1 = "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==";
    /** A 16x12 lossy (VP8) WebP with an EXIF chunk, made by libvips ({@code vips copy g.ppm g.webp[Q=75]}). */
    private static final String WEBP_LOSSY_16X12 =
            "UklGRiQBAABXRUJQVlA4WAoAAAAIAAAADwAACwAAVlA4IEQAAACwAQCdASoQAAwAAgA0JbACdAEOtXEwAP78A8vyemV4i58YiT5yW/7YJVKbUkgpFyRzesl+0/9YRBo//xzwfh+zMgAAAEVYSUa6AAAARXhpZgAASUkqAAgAAAAGABIBAwABAAAAAQAAABoBBQABAAAAVgAAABsBBQABAAAAXgAAACgBAwABAAAAAgAAABMCAwABAAAAAQAAAGmHBAABAAAAZgAAAAAAAAA4YwAA6AMAADhjAADoAwAABgAAkAcABAAAADAyMTABkQcABAAAAAECAwAAoAcABAAAADAxMDABoAMAAQAAAP//AAACoAQAAQAAABAAAAADoAQAAQAAAAwAAAAAAAAA";

    private final SilverRenderer renderer = Renderers.of(PROPERTIES);

    static Stream<Arguments> decodable() {
        return Stream.of(
                Arguments.of(
                        "jpeg baseline",
                        write(rgb(320, 200, BufferedImage.TYPE_INT_RGB), "jpeg", false),
                        320,
                        200,
                        "jpeg"),
                Arguments.of(
                        "jpeg progressive",
                        write(rgb(320, 200, BufferedImage.TYPE_INT_RGB), "jpeg", true),
                        320,
                        200,
                        "jpeg"),
                Arguments.of("jpeg cmyk (adobe)", SyntheticImages.cmykJpeg(160, 120, 255, 0, 0, 0), 160, 120, "jpeg"),
                Arguments.of(
                        "jpeg grayscale",
                        write(rgb(300, 300, BufferedImage.TYPE_BYTE_GRAY), "jpeg", false),
                        300,
                        300,
                        "jpeg"),
                Arguments.of(
                        "png 8-bit rgb",
                        write(rgb(256, 128, BufferedImage.TYPE_INT_RGB), "png", false),
                        256,
                        128,
                        "png"),
                Arguments.of(
                        "png 16-bit gray",
                        write(rgb(200, 100, BufferedImage.TYPE_USHORT_GRAY), "png", false),
                        200,
                        100,
                        "png"),
                Arguments.of("png palette", write(palette(120, 90), "png", false), 120, 90, "png"),
                Arguments.of(
                        "png with alpha",
                        write(rgb(150, 150, BufferedImage.TYPE_INT_ARGB), "png", false),
                        150,
                        150,
                        "png"),
                Arguments.of("gif (first frame)", write(palette(64, 48), "gif", false), 64, 48, "gif"),
                Arguments.of("bmp", write(rgb(100, 60, BufferedImage.TYPE_3BYTE_BGR), "bmp", false), 100, 60, "bmp"),
                Arguments.of("tiff", write(rgb(100, 80, BufferedImage.TYPE_INT_RGB), "tiff", false), 100, 80, "tiff"),
                Arguments.of("webp lossless", Base64.getDecoder().decode(WEBP_1X1), 1, 1, "webp"),
                Arguments.of("webp lossy", Base64.getDecoder().decode(WEBP_LOSSY_16X12), 16, 12, "webp"),
                Arguments.of("heic (hevc, a grid of one tile)", SyntheticImages.heic(), 64, 48, "heic"),
                Arguments.of("avif", SyntheticImages.avif(), 64, 48, "avif"),
                Arguments.of(
                        "png interlaced (Adam7)",
                        write(rgb(180, 120, BufferedImage.TYPE_INT_RGB), "png", true),
                        180,
                        120,
                        "png"),
                Arguments.of(
                        "large jpeg, downscaled",
                        write(rgb(2400, 1600, BufferedImage.TYPE_INT_RGB), "jpeg", false),
                        1024,
                        683,
                        "jpeg"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decodable")
    void everyAcceptedLayoutBecomesAnUprightSrgbJpeg(String name, byte[] original, int width, int height, String format)
            throws Exception {
        SilverRenderer.Rendition<?> rendition = renderer.render(original);

        BufferedImage silver = ImageIO.read(new ByteArrayInputStream(rendition.jpeg()));
        assertThat(silver.getWidth()).isEqualTo(width);
        assertThat(silver.getHeight()).isEqualTo(height);
        assertThat(silver.getColorModel().hasAlpha()).isFalse();
        assertThat(rendition.originalFormat()).isEqualToIgnoringCase(format);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("phoneFormats")
    void heicAndAvifFromPhonesKeepTheirColoursAndTheirLeftAndRight(String format, byte[] original) throws Exception {
        assertThat(Libheif.get())
                .as("libheif (Debian's libheif1, which ./lake installs) decodes HEIC and AVIF")
                .isPresent();
        var rendition = renderer.render(original);
        BufferedImage silver = ImageIO.read(new ByteArrayInputStream(rendition.jpeg()));
        assertThat(rendition.originalFormat()).isEqualTo(format);
        assertThat(new int[] {rendition.originalWidth(), rendition.originalHeight()})
                .containsExactly(64, 48);
        int left = silver.getRGB(8, 24);
        int right = silver.getRGB(56, 24);
        assertThat((left >> 16) & 0xFF).as("red of the left half").isGreaterThan(180);
        assertThat(left & 0xFF).as("blue of the left half").isLessThan(80);
        assertThat(right & 0xFF).as("blue of the right half").isGreaterThan(180);
        assertThat((right >> 16) & 0xFF).as("red of the right half").isLessThan(80);
    }

    static Stream<Arguments> phoneFormats() {
        return Stream.of(Arguments.of("heic", SyntheticImages.heic()), Arguments.of("avif", SyntheticImages.avif()));
    }

    @Test
    void aHeifReaderSubsamplesAsThePlanAsks() throws Exception {
        ImageDecoder decoder = new ImageDecoder(PROPERTIES, DecodeMemoryProperties.defaults());
        ImageDecoder.Header header = decoder.probe(SyntheticImages.heic());
        assertThat(header.format()).isEqualTo("heic");
        assertThat(header.bytesPerPixel()).as("INT_RGB").isEqualTo(4);
        BufferedImage half = decoder.decode(SyntheticImages.heic(), header, 2).image();
        assertThat(new int[] {half.getWidth(), half.getHeight()}).containsExactly(32, 24);
        assertThat((half.getRGB(28, 12) & 0xFF))
                .as("the right half is still blue")
                .isGreaterThan(180);
    }

    @Test
    void theInterlacedPngOfTheMatrixIsReallyAdam7() throws Exception {
        byte[] png = write(rgb(180, 120, BufferedImage.TYPE_INT_RGB), "png", true);

        // signature (8) + IHDR length and type (8) + width, height, depth, colour, compression, filter (12)
        assertThat(png[28]).as("IHDR interlace method").isEqualTo((byte) 1);
    }

    @Test
    void aCmykJpegBecomesTheRgbOfItsInks() throws Exception {
        byte[] cyanInk = SyntheticImages.cmykJpeg(64, 64, 255, 0, 0, 0);

        BufferedImage silver =
                ImageIO.read(new ByteArrayInputStream(renderer.render(cyanInk).jpeg()));

        int rgb = silver.getRGB(32, 32);
        assertThat((rgb >> 16) & 0xFF).as("red").isLessThan(60);
        assertThat((rgb >> 8) & 0xFF).as("green").isGreaterThan(150);
        assertThat(rgb & 0xFF).as("blue").isGreaterThan(200);
    }

    @Test
    void anEmbeddedColourProfileIsHonouredSoSilverIsSrgb() throws Exception {
        // mid-grey samples tagged linear RGB (an iCCP chunk) are sRGB ~188, not 128
        BufferedImage grey = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
        Arrays.fill(((DataBufferByte) grey.getRaster().getDataBuffer()).getData(), (byte) 128);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        var metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(grey), param);
        byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (var deflate = new DeflaterOutputStream(compressed)) {
            deflate.write(profile);
        }
        var root = new IIOMetadataNode("javax_imageio_png_1.0");
        var iccp = new IIOMetadataNode("iCCP");
        iccp.setAttribute("profileName", "linear");
        iccp.setAttribute("compressionMethod", "deflate");
        iccp.setUserObject(compressed.toByteArray());
        root.appendChild(iccp);
        metadata.mergeTree("javax_imageio_png_1.0", root);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(png)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(grey, null, metadata), param);
        }

        BufferedImage silver = ImageIO.read(
                new ByteArrayInputStream(renderer.render(png.toByteArray()).jpeg()));

        assertThat(silver.getRGB(32, 32) & 0xff).isBetween(180, 196);
    }

    static Stream<Arguments> hostile() {
        byte[] png = write(rgb(64, 64, BufferedImage.TYPE_INT_RGB), "png", false);
        byte[] jpeg = write(rgb(64, 64, BufferedImage.TYPE_INT_RGB), "jpeg", false);
        byte[] hugePng = png.clone();
        writeInt(hugePng, 16, 100_000); // IHDR width
        writeInt(hugePng, 20, 100_000); // IHDR height: 10^10 pixels declared in a tiny file
        byte[] heic = "\u0000\u0000\u0000\u0018ftypheic\u0000\u0000\u0000\u0000mif1heic"
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] avif = "\u0000\u0000\u0000\u001cftypavif\u0000\u0000\u0000\u0000avifmif1miaf"
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] polyglot = concat(
                "GIF89a".getBytes(StandardCharsets.US_ASCII),
                "<script>alert(1)</script>".getBytes(StandardCharsets.US_ASCII));
        return Stream.of(
                Arguments.of("zero bytes", new byte[0], "EMPTY"),
                Arguments.of(
                        "text with an image name",
                        "hello, I am a cat.jpg".getBytes(StandardCharsets.UTF_8),
                        "UNSUPPORTED_FORMAT"),
                Arguments.of("truncated jpeg", Arrays.copyOf(jpeg, jpeg.length / 3), "CORRUPT"),
                Arguments.of("truncated png", Arrays.copyOf(png, png.length / 2), "CORRUPT"),
                Arguments.of("png header only", Arrays.copyOf(png, 33), "CORRUPT"),
                Arguments.of("huge declared dimensions (bomb)", hugePng, "TOO_LARGE"),
                Arguments.of("heic brand, no image in it", heic, "CORRUPT"),
                Arguments.of("avif brand, no image in it", avif, "CORRUPT"),
                Arguments.of("truncated heic", Arrays.copyOf(SyntheticImages.heic(), 400), "CORRUPT"),
                Arguments.of("truncated avif", Arrays.copyOf(SyntheticImages.avif(), 250), "CORRUPT"),
                Arguments.of("gif magic, script body", polyglot, "CORRUPT"),
                // found by DecodersFuzzTest: its decoder read past the end for every pixel, for over 26 s
                Arguments.of(
                        "lossless webp declaring 8705x1027 in 34 bytes",
                        Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAKIAAQQQEBGIyP4HAA=="),
                        "CORRUPT"),
                // found by DecodersFuzzTest: a grid whose decoded image is smaller than its header says; copying the
                // header's size out of libheif's plane read past its end and killed the JVM (SIGSEGV)
                Arguments.of(
                        "heic grid decoding smaller than its header declares",
                        foundByTheFuzzer("found-heic-grid-decoded-smaller-than-its-header-reads-past-the-plane"),
                        "CORRUPT"));
    }

    private static byte[] foundByTheFuzzer(String name) {
        String path = "DecodersFuzzTestInputs/anyBytesRenderWithinTheSilverSizeOrAreRejectedWithAReason/" + name;
        try (InputStream in = FormatMatrixTest.class.getResourceAsStream(path)) {
            return Objects.requireNonNull(in, path).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostileFilesAreRejectedWithAReasonNeverACrash(String name, byte[] bytes, String code) throws Exception {
        assertThatThrownBy(() -> renderer.render(bytes))
                .isInstanceOfSatisfying(
                        RejectedImageException.class,
                        e -> assertThat(e.code().name()).isEqualTo(code));
    }

    private static BufferedImage rgb(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(200, 60, 40, 128));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLUE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return image;
    }

    private static BufferedImage palette(int width, int height) {
        byte[] r = {0, (byte) 255, 0, 0};
        byte[] g = {0, 0, (byte) 255, 0};
        byte[] b = {0, 0, 0, (byte) 255};
        BufferedImage image =
                new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(2, 4, r, g, b));
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.GREEN);
        graphics.fillRect(0, 0, width / 2, height);
        graphics.dispose();
        return image;
    }

    private static byte[] write(BufferedImage image, String format, boolean progressive) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(ios);
                writer.write(null, new IIOImage(image, null, null), param);
            } finally {
                writer.dispose();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void writeInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 24);
        bytes[offset + 1] = (byte) (value >>> 16);
        bytes[offset + 2] = (byte) (value >>> 8);
        bytes[offset + 3] = (byte) value;
    }
}
