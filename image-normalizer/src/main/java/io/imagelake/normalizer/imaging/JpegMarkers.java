package io.imagelake.normalizer.imaging;

import com.twelvemonkeys.imageio.color.ColorProfiles;

import java.awt.color.ICC_Profile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** What a JPEG's marker segments say about it, read without decoding (up to the first scan). */
final class JpegMarkers {

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int APP2 = 0xE2;
    private static final int APP14 = 0xEE;
    private static final int ICC_CHUNK_HEADER = 14;

    private JpegMarkers() {
    }

    /**
     * True for a complete baseline/extended/progressive Huffman JPEG of 1 or 3 components without
     * an Adobe colour transform (APP14 {@code Adobe}) and without an ICC profile (APP2
     * {@code ICC_PROFILE}) other than sRGB (the colour space silver is in anyway).
     */
    static boolean plain(byte[] b) {
        int n = b.length;
        if (n < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != SOI
                || (b[n - 2] & 0xFF) != 0xFF || (b[n - 1] & 0xFF) != EOI) {
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
                return frameSeen && (icc == null || isSrgb(icc.toByteArray()));
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

    private static boolean isSrgb(byte[] profile) {
        try {
            return ColorProfiles.isCS_sRGB(ICC_Profile.getInstance(profile));
        } catch (IllegalArgumentException e) {
            return false;
        }
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
