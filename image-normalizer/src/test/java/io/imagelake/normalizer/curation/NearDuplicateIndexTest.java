package io.imagelake.normalizer.curation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NearDuplicateIndexTest {

    @Test
    void bandsCoverEveryBitExactlyOnce() {
        for (int bands = 1; bands <= 32; bands++) {
            long all = 0;
            for (int band = 0; band < bands; band++) {
                int from = band * 64 / bands;
                int to = (band + 1) * 64 / bands;
                long value = NearDuplicateIndex.bandValue(-1L, band, bands);
                assertThat(Long.bitCount(value)).isEqualTo(to - from);
                all += Long.bitCount(value);
            }
            assertThat(all).isEqualTo(64);
        }
    }

    @Test
    void twoHashesWithinKBitsShareABandExactly() {
        Random random = new Random(7);
        for (int k = 0; k <= 12; k++) {
            int bands = k + 1;
            for (int trial = 0; trial < 500; trial++) {
                long a = random.nextLong();
                long b = a;
                for (int flip = 0; flip < k; flip++) {
                    b ^= 1L << random.nextInt(64);
                }
                boolean shared = false;
                for (int band = 0; band < bands; band++) {
                    shared |= NearDuplicateIndex.bandValue(a, band, bands)
                            == NearDuplicateIndex.bandValue(b, band, bands);
                }
                assertThat(shared).as("k=%d", k).isTrue();
            }
        }
    }
}
