package io.imagelake.bench;

import java.awt.image.BufferedImage;

/**
 * How faithful a downscaled image is: its SSIM against a reference made from the full-resolution decode with a
 * Lanczos-3 filter at the same size, the yardstick the performance issue asks the silver image and vipsthumbnail's
 * output to be scored by. Both work on luma (BT.601), where the eye and the aliasing of a poor filter show most.
 * Written here rather than taken from a library: Java has no maintained SSIM, and the two functions are the textbook
 * definitions (Wang et al., 2004: an 11-tap Gaussian window with sigma 1.5, K1 0.01, K2 0.03).
 */
final class SilverQuality {

    private static final double C1 = Math.pow(0.01 * 255, 2);
    private static final double C2 = Math.pow(0.03 * 255, 2);
    private static final double[] WINDOW = gaussian(11, 1.5);

    private SilverQuality() {}

    /** A luma plane, {@code width * height} values in 0..255, row by row. */
    record Luma(int width, int height, double[] values) {

        static Luma of(BufferedImage image) {
            int width = image.getWidth();
            int height = image.getHeight();
            if (image.getRaster().getNumBands() == 1) {
                // a grey JPEG's samples as stored: getRGB would take them for linear grey and brighten them
                return new Luma(width, height, image.getRaster().getSamples(0, 0, width, height, 0, (double[]) null));
            }
            int[] rgb = image.getRGB(0, 0, width, height, null, 0, width);
            double[] values = new double[rgb.length];
            for (int i = 0; i < rgb.length; i++) {
                int p = rgb[i];
                values[i] = 0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff);
            }
            return new Luma(width, height, values);
        }
    }

    /** The reference: {@code original} resized to {@code width x height} with Lanczos-3, rows then columns. */
    static Luma lanczos3(Luma original, int width, int height) {
        Luma rows = resizeRows(original, width);
        return transpose(resizeRows(transpose(rows), height));
    }

    /** Mean SSIM of two planes of one size over every full window (1.0: identical). */
    static double ssim(Luma a, Luma b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException(
                    a.width() + "x" + a.height() + " against " + b.width() + "x" + b.height());
        }
        int n = a.values().length;
        double[] aa = new double[n];
        double[] bb = new double[n];
        double[] ab = new double[n];
        for (int i = 0; i < n; i++) {
            double x = a.values()[i];
            double y = b.values()[i];
            aa[i] = x * x;
            bb[i] = y * y;
            ab[i] = x * y;
        }
        int w = a.width();
        int h = a.height();
        double[] muA = blur(a.values(), w, h);
        double[] muB = blur(b.values(), w, h);
        double[] sAa = blur(aa, w, h);
        double[] sBb = blur(bb, w, h);
        double[] sAb = blur(ab, w, h);
        int r = WINDOW.length / 2;
        double sum = 0;
        long count = 0;
        for (int y = r; y < h - r; y++) {
            for (int x = r; x < w - r; x++) {
                int i = y * w + x;
                double ma = muA[i];
                double mb = muB[i];
                double varA = sAa[i] - ma * ma;
                double varB = sBb[i] - mb * mb;
                double cov = sAb[i] - ma * mb;
                sum += ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (varA + varB + C2));
                count++;
            }
        }
        return sum / count;
    }

    /** The Gaussian window, rows then columns; only values whose whole window lies inside are used after. */
    private static double[] blur(double[] values, int w, int h) {
        int r = WINDOW.length / 2;
        double[] rows = new double[values.length];
        for (int y = 0; y < h; y++) {
            for (int x = r; x < w - r; x++) {
                double s = 0;
                for (int k = -r; k <= r; k++) {
                    s += WINDOW[k + r] * values[y * w + x + k];
                }
                rows[y * w + x] = s;
            }
        }
        double[] out = new double[values.length];
        for (int y = r; y < h - r; y++) {
            for (int x = r; x < w - r; x++) {
                double s = 0;
                for (int k = -r; k <= r; k++) {
                    s += WINDOW[k + r] * rows[(y + k) * w + x];
                }
                out[y * w + x] = s;
            }
        }
        return out;
    }

    /** Each row resized to {@code width} with a Lanczos-3 kernel stretched by the scale (a low-pass when shrinking). */
    private static Luma resizeRows(Luma in, int width) {
        double scale = (double) in.width() / width;
        double stretch = Math.max(scale, 1);
        double support = 3 * stretch;
        double[] out = new double[width * in.height()];
        for (int x = 0; x < width; x++) {
            double centre = (x + 0.5) * scale - 0.5;
            int from = (int) Math.floor(centre - support);
            int to = (int) Math.ceil(centre + support);
            double[] weights = new double[to - from + 1];
            double total = 0;
            for (int k = from; k <= to; k++) {
                double weight = lanczos3((k - centre) / stretch);
                weights[k - from] = weight;
                total += weight;
            }
            for (int y = 0; y < in.height(); y++) {
                int row = y * in.width();
                double s = 0;
                for (int k = from; k <= to; k++) {
                    int clamped = Math.min(Math.max(k, 0), in.width() - 1);
                    s += weights[k - from] * in.values()[row + clamped];
                }
                out[y * width + x] = s / total;
            }
        }
        return new Luma(width, in.height(), out);
    }

    private static Luma transpose(Luma in) {
        double[] out = new double[in.values().length];
        for (int y = 0; y < in.height(); y++) {
            for (int x = 0; x < in.width(); x++) {
                out[x * in.height() + y] = in.values()[y * in.width() + x];
            }
        }
        return new Luma(in.height(), in.width(), out);
    }

    private static double lanczos3(double x) {
        if (x == 0) {
            return 1;
        }
        if (Math.abs(x) >= 3) {
            return 0;
        }
        double px = Math.PI * x;
        return 3 * Math.sin(px) * Math.sin(px / 3) / (px * px);
    }

    private static double[] gaussian(int size, double sigma) {
        double[] window = new double[size];
        double total = 0;
        for (int i = 0; i < size; i++) {
            double d = i - size / 2;
            window[i] = Math.exp(-d * d / (2 * sigma * sigma));
            total += window[i];
        }
        for (int i = 0; i < size; i++) {
            window[i] /= total;
        }
        return window;
    }
}
