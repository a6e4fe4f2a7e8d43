package io.imagelake.normalizer.imaging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The two chunks of a PNG that silver needs besides its pixels, read straight from the bytes: the
 * embedded colour profile ({@code iCCP}) and the EXIF block ({@code eXIf}). The JDK's PNG reader and
 * metadata-extractor both inflate every compressed chunk ({@code iCCP}, {@code zTXt}, {@code iTXt})
 * to the end, so a few hundred kilobytes of deflate can become gigabytes on the heap. Here the one
 * compressed chunk we use is inflated up to a limit, and nothing else is inflated at all.
 */
final class PngChunks {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int ICCP = type("iCCP");
    private static final int EXIF = type("eXIf");
    private static final int IDAT = type("IDAT");
    private static final int IEND = type("IEND");

    private PngChunks() {}

    static boolean isPng(byte[] bytes) {
        return bytes.length >= SIGNATURE.length
                && Arrays.equals(bytes, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length);
    }

    /**
     * The inflated ICC profile, if the PNG has one before its pixels. A profile that inflates past
     * {@code maxBytes} or does not inflate at all is treated as absent: the samples are kept as they are.
     */
    static Optional<byte[]> colourProfile(byte[] png, long maxBytes) {
        return chunk(png, ICCP).flatMap(body -> {
            int nameEnd = indexOf(body, (byte) 0);
            // keyword (1-79 bytes), NUL, compression method 0 (deflate), then the zlib stream
            if (nameEnd < 1 || nameEnd + 2 > body.length || body[nameEnd + 1] != 0) {
                return Optional.empty();
            }
            return inflate(body, nameEnd + 2, maxBytes);
        });
    }

    /** The raw EXIF block (a TIFF structure) of an {@code eXIf} chunk. */
    static Optional<byte[]> exif(byte[] png) {
        return chunk(png, EXIF);
    }

    /** The body of the first chunk of {@code type} before the image data; empty if absent or the file is cut short. */
    private static Optional<byte[]> chunk(byte[] png, int type) {
        if (!isPng(png)) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(png);
        in.position(SIGNATURE.length);
        while (in.remaining() >= 12) {
            long length = Integer.toUnsignedLong(in.getInt());
            int chunkType = in.getInt();
            if (length > in.remaining() - 4L) {
                return Optional.empty();
            }
            if (chunkType == type) {
                byte[] body = new byte[(int) length];
                in.get(body);
                return Optional.of(body);
            }
            // eXIf may follow IDAT in the spec's later edition, so only IEND ends the walk for it
            if (chunkType == IEND || (chunkType == IDAT && type != EXIF)) {
                return Optional.empty();
            }
            in.position(in.position() + (int) length + 4);
        }
        return Optional.empty();
    }

    private static Optional<byte[]> inflate(byte[] body, int offset, long maxBytes) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(body, offset, body.length - offset);
            byte[] out = new byte[(int) Math.min(maxBytes, Math.max(4096, 4L * (body.length - offset)))];
            int length = 0;
            while (!inflater.finished()) {
                if (length == out.length) {
                    if (out.length >= maxBytes) {
                        return Optional.empty();
                    }
                    out = Arrays.copyOf(out, (int) Math.min(maxBytes, 2L * out.length));
                }
                int n = inflater.inflate(out, length, out.length - length);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return Optional.empty();
                }
                length += n;
            }
            return Optional.of(Arrays.copyOf(out, length));
        } catch (DataFormatException e) {
            return Optional.empty();
        } finally {
            inflater.end();
        }
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < Math.min(bytes.length, 80); i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static int type(String name) {
        return ByteBuffer.wrap(name.getBytes(StandardCharsets.US_ASCII)).getInt();
    }
}
