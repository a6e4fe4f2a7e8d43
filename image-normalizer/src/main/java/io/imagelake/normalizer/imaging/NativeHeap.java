package io.imagelake.normalizer.imaging;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * glibc's allocator, told to keep the native blocks of image work instead of mapping and unmapping them per image.
 * libjpeg-turbo's coefficient and row buffers and OpenCV's matrices are allocated and freed once or more per image,
 * many of them over glibc's mapping threshold (128 kB, raised to at most 32 MB as blocks are freed), so each was a
 * fresh {@code mmap}: every page faulted in and zeroed by the kernel, then unmapped again, and the heap's top trimmed
 * back. Served from the arenas and kept there, the bench's renderer took 63-67 ms a photo with glibc's defaults and
 * 55-58 ms with blocks up to 256 MB kept (docs/benchmarks.md, "glibc's allocator"). What the largest renders held at
 * once then stays resident: ~100 MB more at the peak on the local platform, which keeps glibc's defaults. The two
 * settings go together: setting the trim threshold alone turns off glibc's adaptive mapping threshold, and the
 * renderer then took 168-236 ms. Without glibc (another C library), nothing is changed.
 */
final class NativeHeap {

    private static final Logger log = LoggerFactory.getLogger(NativeHeap.class);
    /** glibc's {@code malloc.h}. */
    private static final int M_TRIM_THRESHOLD = -1;

    private static final int M_MMAP_THRESHOLD = -3;
    private static final Optional<MethodHandle> MALLOPT = Linker.nativeLinker()
            .defaultLookup()
            .find("mallopt")
            .map(mallopt ->
                    Linker.nativeLinker().downcallHandle(mallopt, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT)));

    private NativeHeap() {}

    /**
     * Blocks under {@code bytes} come from the allocator's arenas, and up to {@code bytes} of free memory stays in
     * them for the next image. False where the C library has no {@code mallopt} or refused the value.
     */
    static synchronized boolean keepBlocksUnder(long bytes) {
        if (MALLOPT.isEmpty() || bytes <= 0 || bytes > Integer.MAX_VALUE) {
            return false;
        }
        try {
            int mapping = (int) MALLOPT.get().invokeExact(M_MMAP_THRESHOLD, (int) bytes);
            int trimming = mapping == 1 ? (int) MALLOPT.get().invokeExact(M_TRIM_THRESHOLD, (int) bytes) : 0;
            if (mapping != 1 || trimming != 1) {
                log.warn("glibc refused to keep native blocks under {} bytes; images map their own", bytes);
                return false;
            }
            log.info("native blocks under {} MB stay in glibc's arenas between images", bytes >> 20);
            return true;
        } catch (Throwable e) {
            throw new IllegalStateException("mallopt failed", e);
        }
    }
}
