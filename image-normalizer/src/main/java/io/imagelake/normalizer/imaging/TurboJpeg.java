package io.imagelake.normalizer.imaging;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

/**
 * The system's libjpeg-turbo (Debian's {@code libturbojpeg0}, which {@code ./lake} installs) through its TurboJPEG
 * API and the JDK's foreign function API. The copy inside OpenCV's jar is built without SIMD ({@code jsimd_none}):
 * on the bench corpus's 55 photos this one decodes at the same DCT scale in 46 ms where OpenCV's takes 52 ms, and
 * encodes silver and thumbnail in 1.9 ms where it takes 9.3 ms, to the same pixels and the same bytes
 * ({@code NativeJpegTest}). The TurboJPEG API, not libjpeg's: its errors come back as return codes, where libjpeg's
 * error handler would have to leave native code by {@code longjmp}. Absent, {@link NativeJpeg} uses OpenCV's copy.
 */
final class TurboJpeg {

    // turbojpeg.h: pixel formats, and the flag for the accurate integer DCT (its encoder's default is the fast one,
    // which is not what OpenCV's or ImageIO's encoders write)
    private static final int PF_BGR = 1;
    private static final int PF_BGRX = 3;
    private static final int PF_XRGB = 5;
    private static final int SAMP_420 = 2;
    private static final int FLAG_ACCURATEDCT = 4096;

    private static final List<String> NAMES = List.of("libturbojpeg.so.0", "libturbojpeg.so", "libturbojpeg.dylib");
    private static final Optional<TurboJpeg> INSTANCE = NativeLibrary.load(NAMES, TurboJpeg::new);

    private final MethodHandle initDecompress;
    private final MethodHandle decompressHeader;
    private final MethodHandle decompress;
    private final MethodHandle initCompress;
    private final MethodHandle compress;
    private final MethodHandle free;
    private final MethodHandle destroy;

    private TurboJpeg(NativeLibrary lib) {
        initDecompress = lib.function("tjInitDecompress", FunctionDescriptor.of(ADDRESS));
        decompressHeader = lib.function(
                "tjDecompressHeader3",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        decompress = lib.function(
                "tjDecompress2",
                FunctionDescriptor.of(
                        JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                        JAVA_INT));
        initCompress = lib.function("tjInitCompress", FunctionDescriptor.of(ADDRESS));
        compress = lib.function(
                "tjCompress2",
                FunctionDescriptor.of(
                        JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT,
                        JAVA_INT, JAVA_INT));
        free = lib.function("tjFree", FunctionDescriptor.ofVoid(ADDRESS));
        destroy = lib.function("tjDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    /** libturbojpeg, if the system has it. */
    static Optional<TurboJpeg> get() {
        return INSTANCE;
    }

    /** What {@link #decode} needs to know first: the size the JPEG decodes to at {@code 1/scale}. */
    interface Target {
        /** Where to write {@code width x height} BGR pixels, rows packed; null to decline. */
        MemorySegment pixels(int width, int height);
    }

    /**
     * Decodes {@code jpeg} at {@code 1/scale} (1, 2, 4 or 8: libjpeg's DCT scaling, sizes rounded up) into the BGR
     * pixels {@code target} gives for that size. False if libjpeg refused the file or warned about it (corrupt data
     * it would have decoded around): such a file is ImageIO's to judge.
     */
    boolean decode(byte[] jpeg, int scale, Target target) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment source = arena.allocateFrom(JAVA_BYTE, jpeg);
            MemorySegment handle = (MemorySegment) initDecompress.invokeExact();
            if (handle.equals(MemorySegment.NULL)) {
                return false;
            }
            try {
                MemorySegment width = arena.allocate(JAVA_INT);
                MemorySegment height = arena.allocate(JAVA_INT);
                MemorySegment subsampling = arena.allocate(JAVA_INT);
                MemorySegment colourspace = arena.allocate(JAVA_INT);
                int header = (int) decompressHeader.invokeExact(
                        handle, source, (long) jpeg.length, width, height, subsampling, colourspace);
                if (header != 0) {
                    return false;
                }
                int scaledWidth = (width.get(JAVA_INT, 0) + scale - 1) / scale;
                int scaledHeight = (height.get(JAVA_INT, 0) + scale - 1) / scale;
                MemorySegment pixels = target.pixels(scaledWidth, scaledHeight);
                if (pixels == null || pixels.byteSize() < (long) scaledWidth * scaledHeight * 3) {
                    return false;
                }
                int done = (int) decompress.invokeExact(
                        handle, source, (long) jpeg.length, pixels, scaledWidth, 0, scaledHeight, PF_BGR, 0);
                return done == 0;
            } finally {
                int ignored = (int) destroy.invokeExact(handle);
            }
        } catch (Throwable e) {
            throw new IllegalStateException("libturbojpeg failed", e);
        }
    }

    /**
     * Baseline JPEG, 4:2:0, at {@code quality} (1-100, libjpeg's scale) of an opaque image's {@code TYPE_INT_RGB}
     * pixels as they lie in memory (on a little-endian machine B, G, R, unused: no copy to BGR bytes first).
     */
    byte[] encode(int[] rgb, int width, int height, int quality) {
        int format = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? PF_BGRX : PF_XRGB;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pixels = arena.allocateFrom(JAVA_INT, rgb);
            MemorySegment out = arena.allocate(ADDRESS);
            MemorySegment size = arena.allocate(JAVA_LONG);
            MemorySegment handle = (MemorySegment) initCompress.invokeExact();
            if (handle.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("libturbojpeg could not start an encoder");
            }
            try {
                int done = (int) compress.invokeExact(
                        handle, pixels, width, 0, height, format, out, size, SAMP_420, quality, FLAG_ACCURATEDCT);
                MemorySegment jpeg = out.get(ADDRESS, 0);
                try {
                    if (done != 0) {
                        throw new IllegalStateException(
                                "libturbojpeg could not encode a " + width + "x" + height + " image");
                    }
                    return jpeg.reinterpret(size.get(JAVA_LONG, 0)).toArray(JAVA_BYTE);
                } finally {
                    if (!jpeg.equals(MemorySegment.NULL)) {
                        free.invokeExact(jpeg);
                    }
                }
            } finally {
                int ignored = (int) destroy.invokeExact(handle);
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("libturbojpeg failed", e);
        }
    }
}
