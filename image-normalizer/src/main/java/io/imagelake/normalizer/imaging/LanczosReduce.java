package io.imagelake.normalizer.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The last step of every downscale to silver, by up to 4x: an anti-aliased Lanczos-3 reduce, the filter of
 * vipsthumbnail's last step (libvips' {@code reduceh}/{@code reducev}) and of the quality bench's reference. OpenCV
 * has no such resize: its {@code INTER_LANCZOS4} keeps an 8-tap kernel when shrinking, so fine lines alias, and
 * {@code INTER_AREA} is a box, softer than Lanczos-3. So each axis is first low-passed with the Lanczos-3 kernel
 * stretched by its shrink factor ({@code sepFilter2D}, OpenCV's SIMD filter), which leaves nothing the output cannot
 * hold, and then resampled at the output's pixel centres with a cubic, which is close to exact on such a band-limited
 * image. OpenCV's 8-tap Lanczos interpolation instead of the cubic came closer still (below vips on 7 photos of 55
 * instead of 10, and nearer the exact reduce on white noise) but cost a quarter of the normalizer's speed. An exact
 * two-pass reduce written in plain Java cost 27 ms per 1280x800 image on one thread (the JIT did not vectorise its
 * byte loops), more than this whole step.
 */
final class LanczosReduce {

    /**
     * The passes keep 5 fractional bits (16-bit signed, 32 per level): rounding to whole levels between them cost
     * vips-level SSIM on a third of the photos, and floats would hold 12 bytes a pixel. The worst input (white where
     * a kernel is positive, black where it is negative) grows to at most 2.33x white through the four steps (each
     * stretched Lanczos-3 sums to 1.20 and -0.20 at most, each cubic to 1.19 and -0.19), so 255 x 32 x 2.33 = 19,000
     * stays well below 16-bit's 32,767 (with 64 per level it would not).
     */
    private static final int FRACTION = 32;

    /**
     * The shrink a downscale leaves to this step, at least: a scaled IDCT or a box halving before it is a coarser
     * filter than Lanczos-3, so, as vipsthumbnail's shrink-on-load, they stop while 2x is still left (SafeLanding
     * 1622x2880 scored 0.908 decoded down to within 1x-2x of the target, 0.919 leaving 2x; vips 0.916).
     */
    static final int SHRINK_LEFT = 2;

    private static final Point ANCHOR = new Point(-1, -1);
    /** A pixel of B, G, R, A bytes as a {@code TYPE_INT_RGB} int, on a machine of either byte order. */
    private static final ValueLayout.OfInt BGRA_PIXEL = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static final int BAND_ROWS = 64;

    private LanczosReduce() {}

    /**
     * {@code bgr} (8-bit, 3 channels) reduced to {@code width x height}, each at most its own size, written straight
     * into the returned opaque {@code TYPE_INT_RGB} image's raster (the type the rest of silver works in, so no
     * conversion follows).
     */
    static BufferedImage reduce(Mat bgr, int width, int height) {
        if (width > bgr.cols() || height > bgr.rows() || width < 1 || height < 1) {
            throw new IllegalArgumentException(
                    bgr.cols() + "x" + bgr.rows() + " cannot be reduced to " + width + "x" + height);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] raster = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        if (width == bgr.cols() && height == bgr.rows()) {
            toRgb(bgr, raster);
            return image;
        }
        Mat wide = new Mat();
        Mat narrow = new Mat(bgr.rows(), width, CvType.CV_16SC3);
        Mat low = new Mat();
        Mat fixedPoint = new Mat();
        Mat bytes = new Mat();
        Mat one = identity();
        Mat kx = kernel((double) bgr.cols() / width, FRACTION);
        Mat ky = kernel((double) bgr.rows() / height, 1);
        try {
            // across first, in bands of rows (each row on its own, so only a band of the full-width 16-bit image
            // exists at a time), then down the image already narrowed: the second filter reads w, not cols, columns
            for (int top = 0; top < bgr.rows(); top += BAND_ROWS) {
                int bottom = Math.min(bgr.rows(), top + BAND_ROWS);
                Mat band = bgr.rowRange(top, bottom);
                Mat into = narrow.rowRange(top, bottom);
                try {
                    Imgproc.sepFilter2D(band, wide, CvType.CV_16S, kx, one, ANCHOR, 0, Core.BORDER_REPLICATE);
                    Imgproc.resize(wide, into, into.size(), 0, 0, Imgproc.INTER_CUBIC);
                } finally {
                    band.release();
                    into.release();
                }
            }
            wide.release();
            Imgproc.sepFilter2D(narrow, low, CvType.CV_16S, one, ky, ANCHOR, 0, Core.BORDER_REPLICATE);
            Imgproc.resize(low, fixedPoint, new Size(width, height), 0, 0, Imgproc.INTER_CUBIC);
            fixedPoint.convertTo(bytes, CvType.CV_8U, 1.0 / FRACTION);
            toRgb(bytes, raster);
            return image;
        } finally {
            for (Mat mat : new Mat[] {wide, narrow, low, fixedPoint, bytes, one, kx, ky}) {
                mat.release();
            }
        }
    }

    /** An opaque RGB image reduced to {@code width x height} as {@link #reduce(Mat, int, int)} does. */
    static BufferedImage reduce(BufferedImage rgb, int width, int height) {
        Mat bgr = toBgr(rgb);
        try {
            // halved (2x2 means, as a bilinear halving is) while the Lanczos step is still left its shrink: OpenCV's
            // area resize, not Java 2D's scaling, which took 3.5 % of a photo's render for its thumbnail
            while (bgr.cols() / 2 >= SHRINK_LEFT * width && bgr.rows() / 2 >= SHRINK_LEFT * height) {
                Mat half = new Mat();
                Imgproc.resize(bgr, half, new Size(bgr.cols() / 2, bgr.rows() / 2), 0, 0, Imgproc.INTER_AREA);
                bgr.release();
                bgr = half;
            }
            return reduce(bgr, width, height);
        } finally {
            bgr.release();
        }
    }

    /**
     * 8-bit BGR pixels into {@code TYPE_INT_RGB} ints: OpenCV adds a fourth byte (SIMD) and one copy moves them, the
     * bytes B, G, R, A read as a little-endian int {@code 0xAARRGGBB} (the alpha byte is ignored by
     * {@code TYPE_INT_RGB}).
     */
    private static void toRgb(Mat bgr, int[] rgb) {
        Mat bgra = new Mat();
        try {
            Imgproc.cvtColor(bgr, bgra, Imgproc.COLOR_BGR2BGRA);
            MemorySegment.copy(pixels(bgra, rgb.length), BGRA_PIXEL, 0, rgb, 0, rgb.length);
        } finally {
            bgra.release();
        }
    }

    /** An opaque RGB image's pixels as an 8-bit BGR matrix, the reverse of {@link #toRgb}. */
    private static Mat toBgr(BufferedImage rgb) {
        int[] pixels = NativeJpeg.rgb(rgb);
        Mat bgrx = new Mat(rgb.getHeight(), rgb.getWidth(), CvType.CV_8UC4);
        Mat bgr = new Mat();
        try {
            MemorySegment.copy(pixels, 0, pixels(bgrx, pixels.length), BGRA_PIXEL, 0, pixels.length);
            Imgproc.cvtColor(bgrx, bgr, Imgproc.COLOR_BGRA2BGR);
            return bgr;
        } finally {
            bgrx.release();
        }
    }

    /** The 4-byte pixels of a continuous matrix. */
    private static MemorySegment pixels(Mat fourBytes, int count) {
        return MemorySegment.ofAddress(fourBytes.dataAddr()).reinterpret(count * 4L);
    }

    /**
     * The Lanczos-3 kernel stretched by {@code scale} (at least 1), sampled at whole pixels and normalised to sum to
     * {@code gain}: a column vector of floats, for {@code sepFilter2D}.
     */
    static Mat kernel(double scale, int gain) {
        double stretch = Math.max(scale, 1);
        int radius = (int) Math.ceil(3 * stretch) - 1;
        double[] values = new double[2 * radius + 1];
        double total = 0;
        for (int i = -radius; i <= radius; i++) {
            values[i + radius] = lanczos3(i / stretch);
            total += values[i + radius];
        }
        float[] normalised = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            normalised[i] = (float) (values[i] * gain / total);
        }
        Mat kernel = new Mat(values.length, 1, CvType.CV_32F);
        kernel.put(0, 0, normalised);
        return kernel;
    }

    private static Mat identity() {
        Mat one = new Mat(1, 1, CvType.CV_32F);
        one.put(0, 0, 1f);
        return one;
    }

    static double lanczos3(double x) {
        if (x == 0) {
            return 1;
        }
        if (Math.abs(x) >= 3) {
            return 0;
        }
        double px = Math.PI * x;
        return 3 * Math.sin(px) * Math.sin(px / 3) / (px * px);
    }
}
