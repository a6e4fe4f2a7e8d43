package io.imagelake.normalizer.features;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What finds a picture again after a small crop, which moves every coefficient of a whole-frame
 * pHash. Every image is indexed by the pHash of its centre ({@link #INNER} of each side) and keeps a
 * grey patch of that centre for checking; a new image is compared through probes: pHashes of regions
 * of several sizes and positions. If the new image is an earlier one cropped by up to ~10 % per side
 * (or the other way round), the earlier one's centre is one of these regions of the new one, give or
 * take the ~2 % of zoom and shift a DCT hash tolerates — the probe grid is spaced to stay within it.
 * A probe whose hash is close is then checked pixel by pixel: the correlation of the probe's patch
 * with the earlier image's centre patch, a second condition a chance hash agreement among hundreds of
 * probes would also have to meet.
 *
 * <p>Measured on the benchmark corpus (bench/dedupe-quality.sh) rather than taken from a paper; the
 * geometry is fixed because the index holds centre hashes made with it.
 */
public final class CropSignature {

    /** The centre region every image is indexed by, as a fraction of each side. */
    static final double INNER = 0.70;
    /**
     * Probe sizes: an earlier image's centre is {@code INNER / f} of each side of a crop keeping
     * {@code f} of it, and {@code INNER × f} of the uncropped original of an earlier crop that kept
     * {@code f}; f from 0.8 to 1 gives 0.56 to 0.875.
     */
    private static final double[] SIZES = {0.58, 0.62, 0.66, 0.70, 0.74, 0.78, 0.82, 0.86};
    /** Probe centre shifts (fraction of each side): crops that take more from one side than the other. */
    private static final double[] SHIFTS = {-0.05, -0.025, 0, 0.025, 0.05};
    /** Long edge of the grey picture the probes are cut from: the hash only sees 32×32 anyway. */
    private static final int BASE_EDGE = 256;
    /** Side of the grey patch kept for the pixel check. */
    static final int PATCH = 48;

    private static final double EPSILON = 1e-9;

    private final double[][] integral;
    private final int width;
    private final int height;
    private List<Probe> probes;

    private CropSignature(double[][] grey) {
        this.height = grey.length;
        this.width = grey[0].length;
        // a summed-area table, so any region averages down to 32×32 or a patch at the same cost
        this.integral = new double[height + 1][width + 1];
        for (int y = 0; y < height; y++) {
            double row = 0;
            for (int x = 0; x < width; x++) {
                row += grey[y][x];
                integral[y + 1][x + 1] = integral[y][x + 1] + row;
            }
        }
    }

    public static CropSignature of(BufferedImage rgb) {
        return of(ImageFeatures.grey(rgb));
    }

    /**
     * From the luminance the features already computed ({@link ImageFeatures#grey}), averaged over
     * square blocks down to about {@value #BASE_EDGE} on the long edge: no second pass over the pixels.
     */
    public static CropSignature of(double[][] grey) {
        int h = grey.length;
        int w = grey[0].length;
        int block = Math.max(1, (Math.max(w, h) + BASE_EDGE - 1) / BASE_EDGE);
        int baseW = Math.max(1, w / block);
        int baseH = Math.max(1, h / block);
        double[][] base = new double[baseH][baseW];
        for (int y = 0; y < Math.min(h, baseH * block); y++) {
            double[] out = base[y / block];
            for (int x = 0; x < Math.min(w, baseW * block); x++) {
                out[x / block] += grey[y][x];
            }
        }
        double pixels = (double) Math.min(block, h) * Math.min(block, w);
        for (double[] r : base) {
            for (int x = 0; x < baseW; x++) {
                r[x] /= pixels;
            }
        }
        return new CropSignature(base);
    }

    /** A region of the image: left, top and size as fractions of its width and height. */
    public record Region(double left, double top, double size) {

        static Region centred(double size, double shiftX, double shiftY) {
            return new Region((1 - size) / 2 + shiftX, (1 - size) / 2 + shiftY, size);
        }
    }

    /** What an image is indexed by: its centre's hash and grey patch. */
    public record Centre(long hash, byte[] patch) {}

    /** A region of a new image and its hash, to look up among earlier images' centre hashes. */
    public record Probe(long hash, Region region) {}

    public Centre centre() {
        Region region = Region.centred(INNER, 0, 0);
        return new Centre(hash(region), patch(region));
    }

    /** Computed once per image (a few milliseconds), on first use: most images never need them. */
    public List<Probe> probes() {
        if (probes == null) {
            probes = computeProbes();
        }
        return probes;
    }

    /** How well the probe's region matches an earlier image's centre patch (see {@link #correlation}). */
    public double correlation(Probe probe, byte[] centrePatch) {
        return correlation(patch(probe.region()), centrePatch);
    }

    /**
     * The shifts of one size are rounded to whole cells of its 32×32 grid (at most half a cell, ~1 %
     * of a side: within what the hash tolerates), so the cells are averaged once per size over the
     * widest shift and every shifted probe is a window of them.
     */
    private List<Probe> computeProbes() {
        int side = ImageFeatures.HASH_SIZE;
        List<Probe> probes = new ArrayList<>(SIZES.length * SHIFTS.length * SHIFTS.length);
        for (double size : SIZES) {
            double cell = size / side;
            int reach =
                    (int) Math.round(Arrays.stream(SHIFTS).map(Math::abs).max().orElse(0) / cell);
            double origin = (1 - size) / 2 - reach * cell;
            double[][] cells = resample(new Region(origin, origin, cell * (side + 2 * reach)), side + 2 * reach);
            Set<Long> windows = new HashSet<>();
            for (double dx : SHIFTS) {
                for (double dy : SHIFTS) {
                    int col = reach + (int) Math.round(dx / cell);
                    int row = reach + (int) Math.round(dy / cell);
                    Region region = new Region(origin + col * cell, origin + row * cell, size);
                    if (windows.add((long) row << 32 | col)
                            && region.left() >= -EPSILON
                            && region.top() >= -EPSILON
                            && region.left() + size <= 1 + EPSILON
                            && region.top() + size <= 1 + EPSILON) {
                        probes.add(new Probe(ImageFeatures.phashBits(cells, row, col), region));
                    }
                }
            }
        }
        return probes;
    }

    /** The region as a {@value #PATCH}×{@value #PATCH} grey patch (0–255). */
    public byte[] patch(Region region) {
        double[][] grey = resample(region, PATCH);
        byte[] patch = new byte[PATCH * PATCH];
        for (int y = 0; y < PATCH; y++) {
            for (int x = 0; x < PATCH; x++) {
                patch[y * PATCH + x] = (byte) Math.clamp(Math.round(grey[y][x]), 0, 255);
            }
        }
        return patch;
    }

    /**
     * Pearson correlation of two patches: 1 for the same picture whatever its brightness and
     * contrast, around 0 for unrelated ones.
     */
    public static double correlation(byte[] a, byte[] b) {
        double sumA = 0;
        double sumB = 0;
        double sumAA = 0;
        double sumBB = 0;
        double sumAB = 0;
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int x = a[i] & 0xFF;
            int y = b[i] & 0xFF;
            sumA += x;
            sumB += y;
            sumAA += (double) x * x;
            sumBB += (double) y * y;
            sumAB += (double) x * y;
        }
        double covariance = sumAB - sumA * sumB / n;
        double varianceA = sumAA - sumA * sumA / n;
        double varianceB = sumBB - sumB * sumB / n;
        // a flat patch correlates with nothing: no evidence either way, so no match
        return varianceA <= 0 || varianceB <= 0 ? 0 : covariance / Math.sqrt(varianceA * varianceB);
    }

    private long hash(Region region) {
        return ImageFeatures.phashBits(resample(region, ImageFeatures.HASH_SIZE), 0, 0);
    }

    /** The region averaged down to side × side cells (exact area averages from the summed-area table). */
    private double[][] resample(Region region, int side) {
        double x0 = region.left() * width;
        double y0 = region.top() * height;
        double cellW = region.size() * width / side;
        double cellH = region.size() * height / side;
        // the table at the cells' corners once: each corner is shared by four cells
        double[][] corners = new double[side + 1][side + 1];
        for (int cy = 0; cy <= side; cy++) {
            for (int cx = 0; cx <= side; cx++) {
                corners[cy][cx] = area(x0 + cx * cellW, y0 + cy * cellH);
            }
        }
        double[][] out = new double[side][side];
        double cellArea = cellW * cellH;
        for (int cy = 0; cy < side; cy++) {
            for (int cx = 0; cx < side; cx++) {
                out[cy][cx] = (corners[cy + 1][cx + 1] - corners[cy + 1][cx] - corners[cy][cx + 1] + corners[cy][cx])
                        / cellArea;
            }
        }
        return out;
    }

    /** The sum of the grey values above and left of (x, y), interpolated between pixel corners. */
    private double area(double x, double y) {
        x = Math.clamp(x, 0, width);
        y = Math.clamp(y, 0, height);
        int ix = Math.min((int) x, width - 1);
        int iy = Math.min((int) y, height - 1);
        double fx = x - ix;
        double fy = y - iy;
        return integral[iy][ix] * (1 - fx) * (1 - fy)
                + integral[iy][ix + 1] * fx * (1 - fy)
                + integral[iy + 1][ix] * (1 - fx) * fy
                + integral[iy + 1][ix + 1] * fx * fy;
    }
}
