package io.imagelake.normalizer.imaging;

import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.lang.foreign.MemorySegment;
import java.util.Optional;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libjpeg-turbo for the JPEG work of silver: the system's SIMD build ({@link TurboJpeg}) where it is installed, else
 * the copy inside OpenCV (the same pixels and bytes, 5x slower to encode). Decoding: the common JPEG is decoded
 * already scaled by 1/2, 1/4 or 1/8 in the DCT domain, never below twice the silver size, as vipsthumbnail's
 * shrink-on-load does. The JDK's decoder (libjpeg 6b, no SIMD, no scaled IDCT) spends ~250 ms on a 12 MP photo;
 * this path ~45 ms (bench/normalizer-throughput.sh). Only for what it gets exactly right: YCbCr or grey,
 * no embedded ICC profile other than sRGB, no Adobe transform (CMYK/YCCK), a complete file (ends with
 * EOI), as {@link JpegMarkers#plain} reads them; everything
 * else goes to ImageIO and TwelveMonkeys, which honour profiles and reject truncation. The native
 * decode cannot be aborted; the pixel budget checked before it bounds its time and memory.
 * Encoding: ~4x faster than the JDK's encoder at the same quality scale; writes JFIF only, no metadata.
 */
final class NativeJpeg {

    private static final Logger log = LoggerFactory.getLogger(NativeJpeg.class);
    private static final boolean AVAILABLE = load();

    private NativeJpeg() {}

    static boolean available() {
        return AVAILABLE;
    }

    /**
     * The image with its long edge at {@code targetLongEdge} (never upscaled), in its stored orientation: decoded at
     * the smallest DCT scale that leaves at least 2x to the target (so within 4x of it), then one anti-aliased
     * Lanczos-3 reduce ({@link LanczosReduce}) to the exact size {@link Images#fitWithin} would give, as vipsthumbnail
     * does. A scaled IDCT is a coarse filter: decoded down to within 2x of the target, SafeLanding (1622x2880) scored
     * 0.908 against vips' 0.916, and 0.919 leaving 2x. Not bilinear: between 1x and 2x a bilinear step reads two
     * source pixels of up to four, and fine lines alias; not area averaging, a box, softer than the Lanczos-3
     * reference the quality bench scores against (bench/normalizer-throughput.sh: mate's Elephants 0.865 bilinear,
     * 0.924 area, 0.947 Lanczos-3 as vips; a grey wallpaper 0.75 against 0.99).
     * Empty if the file is not one this path takes or libjpeg refused it.
     */
    static Optional<BufferedImage> decode(byte[] jpeg, int width, int height, int targetLongEdge) {
        if (!AVAILABLE || !JpegMarkers.plain(jpeg)) {
            return Optional.empty();
        }
        int scale = scale(Math.max(width, height), LanczosReduce.SHRINK_LEFT * targetLongEdge);
        Mat decoded = TurboJpeg.get()
                .map(simd -> decodeSimd(simd, jpeg, scale))
                .orElseGet(() -> decodeWithOpenCv(jpeg, scale));
        try {
            if (decoded.empty() || decoded.channels() != 3 || !decoded.isContinuous()) {
                return Optional.empty();
            }
            Dimension size = Math.max(width, height) > targetLongEdge
                    ? Images.fitted(width, height, targetLongEdge)
                    : new Dimension(decoded.cols(), decoded.rows());
            return Optional.of(LanczosReduce.reduce(decoded, size.width, size.height));
        } finally {
            decoded.release();
        }
    }

    /** The system's SIMD libjpeg-turbo, straight into an OpenCV matrix; an empty one if it declined the file. */
    static Mat decodeSimd(TurboJpeg simd, byte[] jpeg, int scale) {
        Mat[] decoded = {new Mat()};
        boolean done = simd.decode(jpeg, scale, (width, height) -> {
            decoded[0] = new Mat(height, width, CvType.CV_8UC3);
            return MemorySegment.ofAddress(decoded[0].dataAddr()).reinterpret(decoded[0].total() * 3);
        });
        if (!done) {
            decoded[0].release();
            return new Mat();
        }
        return decoded[0];
    }

    /** OpenCV's own copy of libjpeg-turbo (no SIMD), where the system has none. */
    static Mat decodeWithOpenCv(byte[] jpeg, int scale) {
        int flags = Imgcodecs.IMREAD_IGNORE_ORIENTATION
                | switch (scale) {
                    case 8 -> Imgcodecs.IMREAD_REDUCED_COLOR_8;
                    case 4 -> Imgcodecs.IMREAD_REDUCED_COLOR_4;
                    case 2 -> Imgcodecs.IMREAD_REDUCED_COLOR_2;
                    default -> Imgcodecs.IMREAD_COLOR;
                };
        MatOfByte encoded = new MatOfByte(jpeg);
        try {
            return Imgcodecs.imdecode(encoded, flags);
        } finally {
            encoded.release();
        }
    }

    /** Baseline JPEG of opaque RGB pixels at {@code quality} (0-1, libjpeg's scale as ImageIO's), no metadata. */
    static byte[] encode(BufferedImage rgb, float quality) {
        return TurboJpeg.get()
                .map(simd -> simd.encode(rgb(rgb), rgb.getWidth(), rgb.getHeight(), Math.round(quality * 100)))
                .orElseGet(() -> encodeWithOpenCv(rgb, quality));
    }

    /** {@link #encode} by OpenCV's own copy of libjpeg-turbo (no SIMD), where the system has none. */
    static byte[] encodeWithOpenCv(BufferedImage rgb, float quality) {
        int width = rgb.getWidth();
        int height = rgb.getHeight();
        byte[] bgr = bgr(rgb);
        Mat pixels = new Mat(height, width, CvType.CV_8UC3);
        MatOfByte encoded = new MatOfByte();
        MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, Math.round(quality * 100));
        try {
            pixels.put(0, 0, bgr);
            if (!Imgcodecs.imencode(".jpg", pixels, encoded, params)) {
                throw new IllegalStateException("libjpeg-turbo could not encode a " + width + "x" + height + " image");
            }
            return encoded.toArray();
        } finally {
            pixels.release();
            encoded.release();
            params.release();
        }
    }

    /** An opaque image's pixels as {@code TYPE_INT_RGB} ints (its raster's own array when it is one, not a copy). */
    static int[] rgb(BufferedImage rgb) {
        int width = rgb.getWidth();
        int height = rgb.getHeight();
        return rgb.getType() == BufferedImage.TYPE_INT_RGB
                        && rgb.getRaster().getDataBuffer() instanceof DataBufferInt ints
                        && ints.getNumBanks() == 1
                        && rgb.getRaster().getSampleModelTranslateX() == 0
                        && ints.getData().length == width * height
                ? ints.getData()
                : rgb.getRGB(0, 0, width, height, null, 0, width);
    }

    /** An opaque image's pixels as BGR bytes, row by row (an INT_RGB raster read directly, not through getRGB). */
    static byte[] bgr(BufferedImage rgb) {
        int[] argb = rgb(rgb);
        byte[] bgr = new byte[argb.length * 3];
        for (int i = 0, o = 0; i < argb.length; i++) {
            int p = argb[i];
            bgr[o++] = (byte) p;
            bgr[o++] = (byte) (p >> 8);
            bgr[o++] = (byte) (p >> 16);
        }
        return bgr;
    }

    static int scale(int longEdge, int targetLongEdge) {
        for (int scale : new int[] {8, 4, 2}) {
            if ((longEdge + scale - 1) / scale >= targetLongEdge) {
                return scale;
            }
        }
        return 1;
    }

    private static boolean load() {
        try {
            nu.pattern.OpenCV.loadLocally();
            // one image per thread: the pipeline runs one per core, and a pool inside OpenCV would only contend
            Core.setNumThreads(1);
            return true;
        } catch (Throwable e) {
            log.warn("OpenCV natives not loaded ({}); every JPEG decodes through ImageIO", e.toString());
            return false;
        }
    }
}
