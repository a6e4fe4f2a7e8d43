package io.imagelake.normalizer.imaging;

import io.imagelake.contracts.RejectionCode;

/**
 * How one image is decoded so that its render fits the decode memory budget: at full size when it
 * fits, else subsampled on load (every n-th pixel of every n-th row, as the reader goes, so the
 * full-size raster never exists), as long as the long edge stays at least the silver size. An image
 * that fits no way is TOO_LARGE. The estimate is the sum of what each stage of
 * {@link SilverRenderer} allocates, so it holds whatever the garbage collector has not yet taken.
 */
public record DecodePlan(int subsampling, long bytes) {

    /**
     * Bytes per decoded pixel of the resize: an image within 4x of the silver size is copied whole to BGR bytes for
     * the Lanczos-3 step (3 bytes); a larger one is halved first, and the first halving holds a quarter of the
     * pixels at 4 bytes, the rest a third of that.
     */
    static final double RESIZE_BYTES_PER_PIXEL = 3;
    /**
     * Bytes per pixel of the silver-sized work after the resize: RGB copies, encoders' buffers, the features' grey
     * doubles.
     */
    static final int SILVER_BYTES_PER_PIXEL = 32;

    public static DecodePlan of(ImageDecoder.Header header, int orientation, int maxLongEdge, long budget) {
        int longEdge = Math.max(header.width(), header.height());
        for (int subsampling = 1; subsampling == 1 || ceilDiv(longEdge, subsampling) >= maxLongEdge; subsampling++) {
            long bytes = bytes(header, orientation, maxLongEdge, subsampling);
            if (bytes <= budget) {
                return new DecodePlan(subsampling, bytes);
            }
        }
        throw new RejectedImageException(
                RejectionCode.TOO_LARGE,
                "a %dx%d %s needs %d MB to decode, more than the decode budget of %d MB"
                        .formatted(
                                header.width(),
                                header.height(),
                                header.format(),
                                bytes(header, orientation, maxLongEdge, 1) >> 20,
                                budget >> 20));
    }

    /** What a render at {@code subsampling} holds at most. */
    static long bytes(ImageDecoder.Header header, int orientation, int maxLongEdge, int subsampling) {
        double perPixel = header.bytesPerPixel()
                + (header.colourProfile() ? 4 : 0) // the sRGB copy of a PNG with an embedded profile
                + (header.opaqueRgb() ? 0 : 4) // flattened to opaque INT_RGB
                + (orientation > 1 ? 4 : 0) // turned upright (a copy)
                + RESIZE_BYTES_PER_PIXEL;
        long pixels = (long) ceilDiv(header.width(), subsampling) * ceilDiv(header.height(), subsampling);
        long silverPixels = (long) Math.min(pixels, (long) maxLongEdge * maxLongEdge);
        return (long) Math.ceil(pixels * perPixel) + silverPixels * SILVER_BYTES_PER_PIXEL;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
