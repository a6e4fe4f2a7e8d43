package io.imagelake.ingest.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The image formats the lake accepts, recognised by their magic numbers only — never by file
 * name or declared content type.
 */
public enum ImageFormat {
    JPEG("image/jpeg"),
    PNG("image/png"),
    GIF("image/gif"),
    WEBP("image/webp"),
    BMP("image/bmp"),
    TIFF("image/tiff"),
    HEIC("image/heic"),
    AVIF("image/avif");

    /** How many leading bytes {@link #detect(byte[])} needs at most. */
    public static final int SNIFF_BYTES = 32;

    private final String contentType;

    ImageFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format of bytes that start with {@code head} (the whole content or just its first bytes). */
    public static Optional<ImageFormat> detect(byte[] head) {
        int length = head.length;
        if (startsWith(head, length, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (ascii(head, length, 0, "GIF87a") || ascii(head, length, 0, "GIF89a")) {
            return Optional.of(GIF);
        }
        if (ascii(head, length, 0, "RIFF") && ascii(head, length, 8, "WEBP")) {
            return Optional.of(WEBP);
        }
        if (isBmp(head, length)) {
            return Optional.of(BMP);
        }
        if (startsWith(head, length, 'I', 'I', 0x2A, 0x00) || startsWith(head, length, 'M', 'M', 0x00, 0x2A)) {
            return Optional.of(TIFF);
        }
        if (ascii(head, length, 4, "ftyp")) {
            String brand = length >= 12 ? new String(head, 8, 4, StandardCharsets.US_ASCII) : "";
            if (brand.equals("avif") || brand.equals("avis")) {
                return Optional.of(AVIF);
            }
            if (Arrays.asList("heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1")
                    .contains(brand)) {
                return Optional.of(HEIC);
            }
        }
        return Optional.empty();
    }

    /** The DIB header sizes of every BMP version (OS/2 1.x 12, OS/2 2.x 16 or 64, Windows 40, 52, 56, 108, 124). */
    private static final Set<Integer> DIB_HEADER_SIZES = Set.of(12, 16, 40, 52, 56, 64, 108, 124);

    /**
     * "BM" alone is two letters many texts begin with ("BMW ..."): a BMP also has a known DIB header
     * size at offset 14, and its pixel data starts after both headers.
     */
    private static boolean isBmp(byte[] head, int length) {
        if (!ascii(head, length, 0, "BM") || length < 18) {
            return false;
        }
        long pixelOffset = littleEndian(head, 10);
        long dibSize = littleEndian(head, 14);
        return DIB_HEADER_SIZES.contains((int) dibSize) && pixelOffset >= 14 + dibSize;
    }

    private static long littleEndian(byte[] head, int offset) {
        return (head[offset] & 0xFFL)
                | (head[offset + 1] & 0xFFL) << 8
                | (head[offset + 2] & 0xFFL) << 16
                | (head[offset + 3] & 0xFFL) << 24;
    }

    private static boolean startsWith(byte[] head, int length, int... magic) {
        if (length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] head, int length, int offset, String text) {
        if (length < offset + text.length()) {
            return false;
        }
        return new String(head, offset, text.length(), StandardCharsets.US_ASCII).equals(text);
    }
}
