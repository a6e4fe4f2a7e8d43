package io.imagelake.normalizer.features;

import io.imagelake.contracts.ImageNormalized;
import io.imagelake.normalizer.imaging.Images;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Features of a normalized image: a 64-bit perceptual hash (DCT of a 32×32 grey thumbnail, the
 * 8×8 lowest frequencies against their median), a sharpness score (variance of the Laplacian —
 * low means blurry), and mean brightness and contrast (standard deviation) of luminance, both 0–1.
 */
public final class ImageFeatures {

    static final int HASH_SIZE = 32;
    private static final int HASH_LOW = 8;
    /** The Laplacian is computed on at most this long an edge: cheaper, and comparable across sizes. */
    private static final int SHARPNESS_EDGE = 512;

    private ImageFeatures() {}

    public static ImageNormalized.Features of(BufferedImage rgb) {
        return of(rgb, grey(rgb));
    }

    /**
     * The luminance the features are measured on (long edge at most {@value #SHARPNESS_EDGE}),
     * computed once per image and shared with {@link CropSignature#of(double[][])}.
     */
    public static double[][] grey(BufferedImage rgb) {
        return luminance(scaleWithin(rgb, SHARPNESS_EDGE));
    }

    /** The features of {@code rgb}, whose {@link #grey} is {@code grey}. */
    public static ImageNormalized.Features of(BufferedImage rgb, double[][] grey) {
        double sum = 0;
        double sumSquares = 0;
        int h = grey.length;
        int w = grey[0].length;
        for (double[] row : grey) {
            for (double v : row) {
                sum += v;
                sumSquares += v * v;
            }
        }
        double n = (double) w * h;
        double mean = sum / n;
        double std = Math.sqrt(Math.max(0, sumSquares / n - mean * mean));
        return new ImageNormalized.Features(phash(rgb), laplacianVariance(grey), mean / 255.0, std / 255.0);
    }

    /** 16 hex digits; near-identical pictures differ in few bits (Hamming distance). */
    public static String phash(BufferedImage rgb) {
        return String.format("%016x", phashBits(luminance(Images.scaleTo(rgb, HASH_SIZE, HASH_SIZE)), 0, 0));
    }

    /** The 64-bit hash of the {@value #HASH_SIZE}×{@value #HASH_SIZE} window of {@code grey} at (row, col). */
    static long phashBits(double[][] grey, int row, int col) {
        double[][] dct = lowDct(grey, row, col);
        double[] low = new double[HASH_LOW * HASH_LOW];
        for (int y = 0; y < HASH_LOW; y++) {
            for (int x = 0; x < HASH_LOW; x++) {
                low[y * HASH_LOW + x] = dct[y][x];
            }
        }
        // the median without the DC term, which only says how bright the picture is
        double[] sorted = Arrays.copyOfRange(low, 1, low.length);
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        long bits = 0;
        for (int i = 0; i < low.length; i++) {
            bits = (bits << 1) | (low[i] > median ? 1 : 0);
        }
        return bits;
    }

    public static int hammingDistance(String phashA, String phashB) {
        return Long.bitCount(Long.parseUnsignedLong(phashA, 16) ^ Long.parseUnsignedLong(phashB, 16));
    }

    private static double laplacianVariance(double[][] g) {
        int h = g.length;
        int w = g[0].length;
        if (h < 3 || w < 3) {
            return 0;
        }
        double sum = 0;
        double sumSquares = 0;
        long n = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                double l = g[y - 1][x] + g[y + 1][x] + g[y][x - 1] + g[y][x + 1] - 4 * g[y][x];
                sum += l;
                sumSquares += l * l;
                n++;
            }
        }
        double mean = sum / n;
        return sumSquares / n - mean * mean;
    }

    /** cos((2i + 1)kπ / 2N) for the DCT-II of {@value #HASH_SIZE} samples. */
    private static final double[][] COS = new double[HASH_SIZE][HASH_SIZE];

    static {
        for (int k = 0; k < HASH_SIZE; k++) {
            for (int i = 0; i < HASH_SIZE; i++) {
                COS[k][i] = Math.cos((2 * i + 1) * k * Math.PI / (2 * HASH_SIZE));
            }
        }
    }

    /**
     * The {@value #HASH_LOW}×{@value #HASH_LOW} lowest frequencies of the separable 2-D DCT-II of a
     * {@value #HASH_SIZE}×{@value #HASH_SIZE} matrix: only what the hash keeps is computed, so the
     * crop probes can afford a few hundred of them per image.
     */
    private static double[][] lowDct(double[][] m, int row, int col) {
        double[][] rows = new double[HASH_SIZE][HASH_LOW];
        for (int y = 0; y < HASH_SIZE; y++) {
            double[] line = m[row + y];
            for (int k = 0; k < HASH_LOW; k++) {
                double s = 0;
                for (int i = 0; i < HASH_SIZE; i++) {
                    s += line[col + i] * COS[k][i];
                }
                rows[y][k] = s;
            }
        }
        double[][] out = new double[HASH_LOW][HASH_LOW];
        for (int x = 0; x < HASH_LOW; x++) {
            for (int k = 0; k < HASH_LOW; k++) {
                double s = 0;
                for (int i = 0; i < HASH_SIZE; i++) {
                    s += rows[i][x] * COS[k][i];
                }
                out[k][x] = s;
            }
        }
        return out;
    }

    static double[][] luminance(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        // opaque RGB (what the renderer and scaleTo produce): the raster's own ints, no colour-model call per pixel
        boolean intRgb = image.getType() == BufferedImage.TYPE_INT_RGB;
        int[] row = new int[w];
        double[][] out = new double[h][w];
        for (int y = 0; y < h; y++) {
            if (intRgb) {
                image.getRaster().getDataElements(0, y, w, 1, row);
            } else {
                image.getRGB(0, y, w, 1, row, 0, w);
            }
            for (int x = 0; x < w; x++) {
                int p = row[x];
                out[y][x] = 0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF);
            }
        }
        return out;
    }

    private static BufferedImage scaleWithin(BufferedImage image, int maxEdge) {
        int longEdge = Math.max(image.getWidth(), image.getHeight());
        if (longEdge <= maxEdge) {
            return image;
        }
        double s = (double) maxEdge / longEdge;
        return Images.scaleTo(image, Math.max(1, (int) Math.round(image.getWidth() * s)), Math.max(1, (int)
                Math.round(image.getHeight() * s)));
    }
}
