package io.imagelake.normalizer.imaging;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;

/**
 * libheif (HEIC and AVIF: HEVC through libde265, AV1 through dav1d or libaom), called through the JDK's foreign
 * function API: the decoder phones write by default, without a JNI library of our own to build. Loaded from the
 * system (Debian's {@code libheif1}, which {@code ./lake} installs); absent, HEIF files stay unsupported.
 *
 * <p>Only what decoding needs: a context over the bytes, its primary image's size (after the file's own rotation
 * and mirroring, which libheif applies), and that image as interleaved 8-bit RGB or RGBA.
 */
final class Libheif {

    // libheif's enums (heif.h): heif_colorspace_RGB, heif_chroma_interleaved_RGB and _RGBA, heif_channel_interleaved
    private static final int COLORSPACE_RGB = 1;

    private static final int CHROMA_INTERLEAVED_RGB = 10;
    private static final int CHROMA_INTERLEAVED_RGBA = 11;
    private static final int CHANNEL_INTERLEAVED = 10;

    /** {@code struct heif_error}, returned by value: a code (0 = ok), a sub-code and a static message. */
    private static final StructLayout ERROR = MemoryLayout.structLayout(
            JAVA_INT.withName("code"), JAVA_INT.withName("subcode"), ADDRESS.withName("message"));

    private static final List<String> NAMES = List.of("libheif.so.1", "libheif.so", "libheif.1.dylib");
    private static final Optional<Libheif> INSTANCE = NativeLibrary.load(NAMES, Libheif::new);

    private final MethodHandle contextAlloc;
    private final MethodHandle contextFree;
    private final MethodHandle readFromMemory;
    private final MethodHandle primaryHandle;
    private final MethodHandle handleWidth;
    private final MethodHandle handleHeight;
    private final MethodHandle handleHasAlpha;
    private final MethodHandle handleRelease;
    private final MethodHandle decodeImage;
    private final MethodHandle planeReadonly;
    private final MethodHandle imageWidth;
    private final MethodHandle imageHeight;
    private final MethodHandle imageRelease;

    private Libheif(NativeLibrary lib) {
        contextAlloc = lib.function("heif_context_alloc", FunctionDescriptor.of(ADDRESS));
        contextFree = lib.function("heif_context_free", FunctionDescriptor.ofVoid(ADDRESS));
        readFromMemory = lib.function(
                "heif_context_read_from_memory_without_copy",
                FunctionDescriptor.of(ERROR, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
        primaryHandle =
                lib.function("heif_context_get_primary_image_handle", FunctionDescriptor.of(ERROR, ADDRESS, ADDRESS));
        handleWidth = lib.function("heif_image_handle_get_width", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        handleHeight = lib.function("heif_image_handle_get_height", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        handleHasAlpha = lib.function("heif_image_handle_has_alpha_channel", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        handleRelease = lib.function("heif_image_handle_release", FunctionDescriptor.ofVoid(ADDRESS));
        decodeImage = lib.function(
                "heif_decode_image", FunctionDescriptor.of(ERROR, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
        planeReadonly = lib.function(
                "heif_image_get_plane_readonly", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        imageWidth = lib.function("heif_image_get_width", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        imageHeight = lib.function("heif_image_get_height", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        imageRelease = lib.function("heif_image_release", FunctionDescriptor.ofVoid(ADDRESS));
    }

    /** libheif, if the system has it. */
    static Optional<Libheif> get() {
        return INSTANCE;
    }

    /** The primary image's size after its own transformations, and whether it has alpha. */
    record Info(int width, int height, boolean alpha) {}

    /** Decoded pixels: interleaved 8-bit RGB ({@code channels} 3) or RGBA (4), {@code stride} bytes per row. */
    record Pixels(int width, int height, int channels, int stride, byte[] bytes) {}

    /** A failure libheif reported: the file is not a HEIF image it can decode. */
    static final class HeifException extends Exception {
        HeifException(String message) {
            super(message);
        }
    }

    Info info(byte[] file) throws HeifException {
        return withPrimary(
                file,
                (arena, handle) -> new Info(
                        (int) handleWidth.invokeExact(handle),
                        (int) handleHeight.invokeExact(handle),
                        (int) handleHasAlpha.invokeExact(handle) != 0));
    }

    Pixels decode(byte[] file) throws HeifException {
        return withPrimary(file, (arena, handle) -> {
            boolean alpha = (int) handleHasAlpha.invokeExact(handle) != 0;
            MemorySegment out = arena.allocate(ADDRESS);
            check((MemorySegment) decodeImage.invokeExact(
                    (SegmentAllocator) arena,
                    handle,
                    out,
                    COLORSPACE_RGB,
                    alpha ? CHROMA_INTERLEAVED_RGBA : CHROMA_INTERLEAVED_RGB,
                    MemorySegment.NULL));
            MemorySegment image = out.get(ADDRESS, 0);
            try {
                MemorySegment stride = arena.allocate(JAVA_INT);
                MemorySegment plane = (MemorySegment) planeReadonly.invokeExact(image, CHANNEL_INTERLEAVED, stride);
                if (plane.equals(MemorySegment.NULL)) {
                    throw new HeifException("the decoded image has no interleaved plane");
                }
                // the plane is as large as the decoded image, which a hostile file can make differ from the size its
                // header declares (a grid whose tiles do not fill it): reading the header's size past the plane's
                // end is a native read out of bounds, so the two must agree, and each row must hold its pixels
                int width = (int) imageWidth.invokeExact(image, CHANNEL_INTERLEAVED);
                int height = (int) imageHeight.invokeExact(image, CHANNEL_INTERLEAVED);
                int declaredWidth = (int) handleWidth.invokeExact(handle);
                int declaredHeight = (int) handleHeight.invokeExact(handle);
                int channels = alpha ? 4 : 3;
                int rowBytes = stride.get(JAVA_INT, 0);
                if (width != declaredWidth || height != declaredHeight) {
                    throw new HeifException("the decoded image is " + width + "x" + height + ", its header declares "
                            + declaredWidth + "x" + declaredHeight);
                }
                if (width <= 0 || height <= 0 || rowBytes < (long) width * channels) {
                    throw new HeifException(
                            "the decoded plane is " + width + "x" + height + " with rows of " + rowBytes + " bytes");
                }
                byte[] pixels = plane.reinterpret((long) rowBytes * height).toArray(JAVA_BYTE);
                return new Pixels(width, height, channels, rowBytes, pixels);
            } finally {
                imageRelease.invokeExact(image);
            }
        });
    }

    @FunctionalInterface
    private interface PrimaryWork<T> {
        T apply(Arena arena, MemorySegment handle) throws Throwable;
    }

    /** A context over a native copy of the bytes (libheif reads them in place), and its primary image's handle. */
    private <T> T withPrimary(byte[] file, PrimaryWork<T> work) throws HeifException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocate(Math.max(1, file.length));
            MemorySegment.copy(file, 0, bytes, JAVA_BYTE, 0, file.length);
            MemorySegment context = (MemorySegment) contextAlloc.invokeExact();
            try {
                check((MemorySegment) readFromMemory.invokeExact(
                        (SegmentAllocator) arena, context, bytes, (long) file.length, MemorySegment.NULL));
                MemorySegment out = arena.allocate(ADDRESS);
                check((MemorySegment) primaryHandle.invokeExact((SegmentAllocator) arena, context, out));
                MemorySegment handle = out.get(ADDRESS, 0);
                try {
                    return work.apply(arena, handle);
                } finally {
                    handleRelease.invokeExact(handle);
                }
            } finally {
                contextFree.invokeExact(context);
            }
        } catch (HeifException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("libheif call failed", e);
        }
    }

    private static void check(MemorySegment error) throws HeifException {
        int code = error.get(JAVA_INT, ERROR.byteOffset(MemoryLayout.PathElement.groupElement("code")));
        if (code != 0) {
            MemorySegment message =
                    error.get(ADDRESS, ERROR.byteOffset(MemoryLayout.PathElement.groupElement("message")));
            String text = message.equals(MemorySegment.NULL)
                    ? "error " + code
                    : message.reinterpret(1024).getString(0);
            throw new HeifException(text);
        }
    }
}
