package io.imagelake.catalog.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShardLimitsTest {

    private final ShardLimits limits = new ShardLimits(3, 1000);

    @Test
    void aShardClosesAtItsImageCount() {
        assertThat(limits.fullFor(2, 10, 10)).isFalse();
        assertThat(limits.fullFor(3, 10, 10)).isTrue();
    }

    @Test
    void aShardClosesBeforeAnImageThatWouldPassItsBytes() {
        assertThat(limits.fullFor(1, 600, 400)).as("exactly the limit fits").isFalse();
        assertThat(limits.fullFor(1, 600, 401)).isTrue();
    }

    @Test
    void limitsBelowOneAreRefused() {
        assertThatThrownBy(() -> new ShardLimits(0, 1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShardLimits(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
