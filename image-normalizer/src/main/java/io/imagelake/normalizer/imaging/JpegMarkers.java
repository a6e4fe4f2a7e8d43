package io.imagelake.normalizer.imaging;

import io.imagelake.contracts.RejectionCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** What a JPEG's marker segments say about it, read without decoding (up to the first scan). */
final class JpegMarkers {

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int APP2 = 0xE2;
    private static final int APP14 = 0xEE;
    private static final int ICC_CHUNK_HEADER = 14;

    private JpegMarkers() {}

    /** Whether the bytes begin as a JPEG does (its start-of-image marker). */
    static boolean isJpeg(byte[] b) {
        return b.length > 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == SOI;
    }

    /**
     * True for a complete baseline/extended/progressive Huffman JPEG of 1 or 3 components without
     * an Adobe colour transform (APP14 {@code Adobe}) and without an ICC profile (APP2
     * {@code ICC_PROFILE}) other than sRGB (the colour space silver is in anyway; any of sRGB's profiles,
     * {@link SrgbProfile}).
     */
    static boolean plain(byte[] b) {
        int n = b.length;
        if (n < 4
                || (b[0] & 0xFF) != 0xFF
                || (b[1] & 0xFF) != SOI
                || (b[n - 2] & 0xFF) != 0xFF
                || (b[n - 1] & 0xFF) != EOI) {
            return false;
        }
        boolean frameSeen = false;
        ByteArrayOutputStream icc = null;
        int i = 2;
        while (i + 4 <= n) {
            if ((b[i] & 0xFF) != 0xFF) {
                return false;
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte
                i++;
                continue;
            }
            int length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            int body = i + 4;
            if (length < 2 || i + 2 + length > n) {
                return false;
            }
            if (marker == SOS) {
                return frameSeen && (icc == null || SrgbProfile.is(icc.toByteArray()));
            }
            if (marker == APP14 && startsWith(b, body, "Adobe")) {
                return false;
            }
            if (marker == APP2 && startsWith(b, body, "ICC_PROFILE\0")) {
                // chunks in file order after "ICC_PROFILE\0", sequence number and count
                icc = icc == null ? new ByteArrayOutputStream() : icc;
                int chunk = body + ICC_CHUNK_HEADER;
                icc.write(b, chunk, Math.max(0, i + 2 + length - chunk));
            }
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                // SOF0-2 (Huffman baseline, extended, progressive) only; components at offset 5 of the body
                if (marker > 0xC2 || body + 5 >= n) {
                    return false;
                }
                int components = b[body + 5] & 0xFF;
                if (components != 1 && components != 3) {
                    return false;
                }
                frameSeen = true;
            }
            i += 2 + length;
        }
        return false;
    }

    /**
     * Why a JPEG can never be decoded here, read from its markers before any decoding: a frame
     * the decoders do not implement (arithmetic coding, lossless or hierarchical frames, 12- or
     * 16-bit samples: valid files, so {@code UNSUPPORTED_ENCODING}, never corrupt), or entropy-coded
     * data without its end-of-image marker ({@code TRUNCATED}: the decoders would fill the missing
     * rows with grey and call it an image). Empty for a JPEG worth decoding.
     */
    static Optional<RejectedImageException> refusal(byte[] b) {
        int n = b.length;
        int i = 2;
        while (i + 4 <= n) {
            if ((b[i] & 0xFF) != 0xFF) {
                return Optional.empty(); // not a marker where one belongs: left to the decoder
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++;
                continue;
            }
            int length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            int body = i + 4;
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC && body < n) {
                String kind = marker >= 0xC9
                        ? "arithmetic-coded"
                        : marker == 0xC3 || marker == 0xC7 ? "lossless" : marker >= 0xC5 ? "hierarchical" : null;
                if (kind != null) {
                    return Optional.of(new RejectedImageException(
                            RejectionCode.UNSUPPORTED_ENCODING,
                            "a valid " + kind + " JPEG (SOF" + (marker - 0xC0)
                                    + "), which no decoder here implements"));
                }
                int precision = b[body] & 0xFF;
                if (precision != 8) {
                    return Optional.of(new RejectedImageException(
                            RejectionCode.UNSUPPORTED_ENCODING,
                            "a valid " + precision + "-bit JPEG, which no decoder here implements"));
                }
            }
            if (marker == SOS) {
                if (n >= i + 2 + length + 2 && (b[n - 2] & 0xFF) == 0xFF && (b[n - 1] & 0xFF) == EOI) {
                    return Optional.empty(); // the common case, without reading megabytes of scan data byte by byte
                }
                // in entropy-coded data every 0xFF is followed by 0x00 or a restart marker: FF D9 is the end of image
                for (int k = Math.min(n, i + 2 + length); k + 1 < n; k++) {
                    if ((b[k] & 0xFF) == 0xFF && (b[k + 1] & 0xFF) == EOI) {
                        return Optional.empty();
                    }
                }
                return Optional.of(new RejectedImageException(
                        RejectionCode.TRUNCATED,
                        "the JPEG ends before its end-of-image marker: part of the picture is missing"));
            }
            i += 2 + length;
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] b, int offset, String ascii) {
        byte[] expected = ascii.getBytes(StandardCharsets.US_ASCII);
        if (offset + expected.length > b.length) {
            return false;
        }
        for (int k = 0; k < expected.length; k++) {
            if (b[offset + k] != expected[k]) {
                return false;
            }
        }
        return true;
    }
}
