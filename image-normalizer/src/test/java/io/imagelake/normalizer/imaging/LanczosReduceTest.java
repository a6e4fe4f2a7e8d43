package io.imagelake.normalizer.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

class LanczosReduceTest {

    @BeforeAll
    static void openCv() {
        assertThat(NativeJpeg.available()).as("OpenCV's natives").isTrue();
    }

    /** {@code pixels} (BGR, or one grey channel repeated) through {@link LanczosReduce#reduce(Mat, int, int)}. */
    private static byte[] reduce(byte[] pixels, int width, int height, int channels, int outWidth, int outHeight) {
        byte[] bgr = pixels;
        if (channels == 1) {
            bgr = new byte[pixels.length * 3];
            for (int i = 0; i < pixels.length; i++) {
                bgr[3 * i] = pixels[i];
                bgr[3 * i + 1] = pixels[i];
                bgr[3 * i + 2] = pixels[i];
            }
        }
        Mat mat = new Mat(height, width, CvType.CV_8UC3);
        try {
            mat.put(0, 0, bgr);
            BufferedImage image = LanczosReduce.reduce(mat, outWidth, outHeight);
            assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
            byte[] out = NativeJpeg.bgr(image);
            if (channels == 1) {
                byte[] grey = new byte[outWidth * outHeight];
                for (int i = 0; i < grey.length; i++) {
                    grey[i] = out[3 * i];
                }
                return grey;
            }
            return out;
        } finally {
            mat.release();
        }
    }

    @Test
    void aFlatImageStaysExactlyFlatAtEveryShrink() {
        byte[] flat = new byte[301 * 97 * 3];
        Arrays.fill(flat, (byte) 200);

        for (int outWidth : new int[] {300, 251, 200, 151, 7, 1}) {
            byte[] out = reduce(flat, 301, 97, 3, outWidth, Math.max(1, 97 * outWidth / 301));

            for (byte value : out) {
                assertThat(value & 0xff).as("at width %d", outWidth).isEqualTo(200);
            }
        }
    }

    @Test
    void itIsCloseToAnExactLanczosThreeEvenOnWhiteNoise() {
        Random random = new Random(14);
        int width = 203;
        int height = 157;
        byte[] pixels = new byte[width * height * 3];
        for (int i = 0; i < pixels.length; i++) {
            // 80..175: the negative lobes overshoot by up to a quarter in each pass, and neither the exact filter nor
            // ours may clamp here
            pixels[i] = (byte) (80 + random.nextInt(96));
        }

        for (int[] size : new int[][] {{150, 116}, {102, 79}, {201, 156}, {203, 100}, {120, 157}, {58, 45}}) {
            byte[] ours = reduce(pixels, width, height, 3, size[0], size[1]);
            double[] exact = exactLanczos3(pixels, width, height, size[0], size[1]);

            double total = 0;
            double worst = 0;
            for (int i = 0; i < ours.length; i++) {
                double difference = Math.abs((ours[i] & 0xff) - exact[i]);
                total += difference;
                worst = Math.max(worst, difference);
            }
            // white noise is the worst case for the cubic resampling after the low-pass (measured: mean 0.3-1.8
            // levels, worst 1-12, the most near 1x, the least at 3.5x); on photos both score the same SSIM
            // (bench/normalizer-throughput.sh)
            assertThat(total / ours.length)
                    .as("mean at %dx%d", size[0], size[1])
                    .isLessThan(2.0);
            assertThat(worst).as("worst at %dx%d", size[0], size[1]).isLessThan(16.0);
        }
    }

    @Test
    void linesFinerThanTheOutputCanHoldBecomeEvenGreyNotMoire() {
        int width = 300;
        int height = 60;
        byte[] stripes = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                stripes[y * width + x] = (byte) (x % 2 == 0 ? 0 : 255);
            }
        }

        // 1.5x: one-pixel lines are past the output's Nyquist frequency, which a bilinear step turns into bands
        byte[] out = reduce(stripes, width, height, 1, 200, 40);

        for (int y = 0; y < 40; y++) {
            for (int x = 3; x < 197; x++) {
                assertThat(out[y * 200 + x] & 0xff).as("pixel %d,%d", x, y).isBetween(120, 135);
            }
        }
    }

    @Test
    void aLoneBrightLineKeepsItsEnergyAndItsPlace() {
        int width = 90;
        byte[] line = new byte[width];
        line[45] = (byte) 255;

        byte[] out = reduce(line, width, 1, 1, 60, 1);

        // input pixel 45's centre lands on output 29.83: the brightest is output 30, and the line stays within the
        // outputs that cover it (an impulse is full-band, the worst case for the cubic resampling: no exact values)
        int brightest = 0;
        int total = 0;
        for (int x = 0; x < 60; x++) {
            total += out[x] & 0xff;
            brightest = (out[x] & 0xff) > (out[brightest] & 0xff) ? x : brightest;
        }
        assertThat(brightest).isEqualTo(30);
        assertThat((out[29] & 0xff) + (out[30] & 0xff) + (out[31] & 0xff)).isGreaterThan(total * 9 / 10);
        for (int x = 0; x < 60; x++) {
            if (x < 27 || x > 33) {
                assertThat(out[x] & 0xff).as("pixel %d", x).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void anUpscaleOrAnEmptySizeIsRefused() {
        assertThatThrownBy(() -> reduce(new byte[12], 2, 2, 3, 3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reduce(new byte[12], 2, 2, 3, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The textbook definition in doubles, columns then rows, edges repeated: what the reduce approximates. */
    private static double[] exactLanczos3(byte[] in, int width, int height, int outWidth, int outHeight) {
        double[] columns = new double[width * outHeight * 3];
        for (int y = 0; y < outHeight; y++) {
            double[] weights = weights(height, outHeight, y);
            int from = (int) weights[0];
            for (int i = 0; i < width * 3; i++) {
                double sum = 0;
                for (int k = 1; k < weights.length; k++) {
                    int row = Math.min(Math.max(from + k - 1, 0), height - 1);
                    sum += weights[k] * (in[row * width * 3 + i] & 0xff);
                }
                columns[y * width * 3 + i] = sum;
            }
        }
        double[] out = new double[outWidth * outHeight * 3];
        for (int x = 0; x < outWidth; x++) {
            double[] weights = weights(width, outWidth, x);
            int from = (int) weights[0];
            for (int y = 0; y < outHeight; y++) {
                for (int c = 0; c < 3; c++) {
                    double sum = 0;
                    for (int k = 1; k < weights.length; k++) {
                        int column = Math.min(Math.max(from + k - 1, 0), width - 1);
                        sum += weights[k] * columns[(y * width + column) * 3 + c];
                    }
                    out[(y * outWidth + x) * 3 + c] = sum;
                }
            }
        }
        return out;
    }

    /** [first input index, normalised weights...] of output {@code i}. */
    private static double[] weights(int in, int out, int i) {
        double scale = (double) in / out;
        double stretch = Math.max(scale, 1);
        double centre = (i + 0.5) * scale - 0.5;
        int from = (int) Math.floor(centre - 3 * stretch);
        int to = (int) Math.ceil(centre + 3 * stretch);
        double[] weights = new double[to - from + 2];
        weights[0] = from;
        double total = 0;
        for (int k = from; k <= to; k++) {
            weights[k - from + 1] = LanczosReduce.lanczos3((k - centre) / stretch);
            total += weights[k - from + 1];
        }
        for (int k = 1; k < weights.length; k++) {
            weights[k] /= total;
        }
        return weights;
    }

    @Test
    void anImageAlreadyAtItsSizeComesBackPixelForPixel() {
        BufferedImage rgb = new BufferedImage(37, 23, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < rgb.getHeight(); y++) {
            for (int x = 0; x < rgb.getWidth(); x++) {
                rgb.setRGB(x, y, random.nextInt(1 << 24));
            }
        }

        BufferedImage same = LanczosReduce.reduce(rgb, 37, 23);

        assertThat(same.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(same.getRGB(0, 0, 37, 23, null, 0, 37)).containsExactly(rgb.getRGB(0, 0, 37, 23, null, 0, 37));
    }
}
