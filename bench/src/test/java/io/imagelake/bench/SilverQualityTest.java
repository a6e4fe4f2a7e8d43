package io.imagelake.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SilverQualityTest {

    @Test
    void anImageScoresOneAgainstItself() {
        var lines = stripes(400, 300, 3);

        assertThat(SilverQuality.ssim(lines, lines)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aLanczosReferenceKeepsAFlatImageFlat() {
        double[] grey = new double[640 * 480];
        Arrays.fill(grey, 128);

        var small = SilverQuality.lanczos3(new SilverQuality.Luma(640, 480, grey), 213, 160);

        assertThat(small.width()).isEqualTo(213);
        assertThat(small.height()).isEqualTo(160);
        assertThat(Arrays.stream(small.values()).min().orElseThrow()).isCloseTo(128, within(1e-6));
        assertThat(Arrays.stream(small.values()).max().orElseThrow()).isCloseTo(128, within(1e-6));
    }

    @Test
    void fineLinesShrunkByDroppingPixelsAliasAndScoreBelowALowPassedShrink() {
        var lines = stripes(900, 600, 2);
        var reference = SilverQuality.lanczos3(lines, 300, 200);
        // every third pixel: the aliasing the bilinear step after DCT scaling shows on fine-line artwork
        double[] dropped = new double[300 * 200];
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 300; x++) {
                dropped[y * 300 + x] = lines.values()[(y * 3 + 1) * 900 + x * 3 + 1];
            }
        }
        var lowPassed = SilverQuality.lanczos3(SilverQuality.lanczos3(lines, 450, 300), 300, 200);

        double aliased = SilverQuality.ssim(reference, new SilverQuality.Luma(300, 200, dropped));
        double filtered = SilverQuality.ssim(reference, lowPassed);

        assertThat(aliased).isLessThan(0.5);
        assertThat(filtered).isGreaterThan(0.9);
    }

    /** Vertical black and white stripes, {@code period} pixels each. */
    private static SilverQuality.Luma stripes(int width, int height, int period) {
        double[] values = new double[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                values[y * width + x] = (x / period) % 2 == 0 ? 0 : 255;
            }
        }
        return new SilverQuality.Luma(width, height, values);
    }
}
