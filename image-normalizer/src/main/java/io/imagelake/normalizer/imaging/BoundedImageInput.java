package io.imagelake.normalizer.imaging;

import java.io.IOException;
import java.time.Duration;
import javax.imageio.IIOException;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * The original's bytes as the readers' input, bounded in the two ways a reader's own loop is not: a reader that
 * keeps asking past the end of the file (TwelveMonkeys' lossless WebP decoder refills its bit buffer with EOF for
 * every remaining pixel: a 34-byte file declaring 8705x1027 took over 26 s, found by {@code DecodersFuzzTest}) fails
 * after {@link #MAX_READS_PAST_END} reads; and once the decode's deadline has passed every read
 * fails, so a reader that never checks ImageIO's abort flag still stops at the next byte it reads.
 *
 * <p>It also keeps the bytes in memory: ImageIO's default stream for a byte array is a file-backed cache.
 */
final class BoundedImageInput extends ImageInputStreamImpl {

    /** Generous for readers that look a little past a truncated end (a JPEG's missing EOI); far below a pixel loop. */
    static final int MAX_READS_PAST_END = 4096;

    private final byte[] bytes;
    private long deadline;
    private boolean timed;
    private int readsPastEnd;

    BoundedImageInput(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Every read fails once {@code timeout} has passed from now. */
    void deadlineIn(Duration timeout) {
        deadline = System.nanoTime() + timeout.toNanos();
        timed = true;
    }

    /** Compared as a difference: {@code nanoTime}'s origin is arbitrary and may be negative. */
    boolean deadlinePassed() {
        return timed && System.nanoTime() - deadline > 0;
    }

    @Override
    public int read() throws IOException {
        checkDeadline();
        bitOffset = 0;
        if (streamPos >= bytes.length) {
            pastTheEnd();
            return -1;
        }
        return bytes[(int) streamPos++] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        checkDeadline();
        bitOffset = 0;
        if (length == 0) {
            return 0;
        }
        if (streamPos >= bytes.length) {
            pastTheEnd();
            return -1;
        }
        int n = (int) Math.min(length, bytes.length - streamPos);
        System.arraycopy(bytes, (int) streamPos, buffer, offset, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return bytes.length;
    }

    @Override
    public boolean isCached() {
        return true;
    }

    @Override
    public boolean isCachedMemory() {
        return true;
    }

    private void checkDeadline() throws IIOException {
        if (deadlinePassed()) {
            throw new IIOException("the decode deadline has passed");
        }
    }

    /** Not an EOFException, which that WebP decoder catches and reads on after. */
    private void pastTheEnd() throws IIOException {
        if (++readsPastEnd > MAX_READS_PAST_END) {
            throw new IIOException("the reader asked for bytes past the end of the file " + readsPastEnd + " times");
        }
    }
}
