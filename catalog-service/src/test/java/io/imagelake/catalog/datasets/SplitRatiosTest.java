package io.imagelake.catalog.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitRatiosTest {

    private final SplitRatios ratios = new SplitRatios(0.8, 0.1, 0.1);

    @Test
    void splitsFollowTheRatiosAndAnImageKeepsItsSplitInEveryVersionOfADataset() {
        Map<SplitRatios.Split, Integer> counts = new EnumMap<>(SplitRatios.Split.class);
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            SplitRatios.Split split = ratios.assign("faces", "image-" + i);
            assertThat(new SplitRatios(0.8, 0.1, 0.1).assign("faces", "image-" + i))
                    .isEqualTo(split);
            counts.merge(split, 1, Integer::sum);
        }
        assertThat(counts.get(SplitRatios.Split.TRAIN) / (double) n).isCloseTo(0.8, within(0.015));
        assertThat(counts.get(SplitRatios.Split.VALIDATION) / (double) n).isCloseTo(0.1, within(0.01));
        assertThat(counts.get(SplitRatios.Split.TEST) / (double) n).isCloseTo(0.1, within(0.01));
    }

    @Test
    void ratiosThatDoNotSumToOneAreRefused() {
        assertThat(ratios.sumsToOne()).isTrue();
        assertThat(new SplitRatios(0.9, 0.2, 0.1).sumsToOne()).isFalse();
        assertThat(new SplitRatios(1.2, -0.1, -0.1).sumsToOne()).isFalse();
    }
}
