package io.imagelake.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Each instance's share of a limit, on a clock the test moves: nothing refills unless it says so. */
class LocalSharesTest {

    /** A burst of 10, refilled at 2 per second, for all instances together. */
    private static final LocalShares.Rate TEN_AT_TWO_PER_SECOND = new LocalShares.Rate(10, 2);

    private final AtomicLong nanos = new AtomicLong();
    private final TimeMeter time = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    };

    private void advanceSeconds(long seconds) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    private static int admitted(LocalShares shares, String key, int attempts) {
        int admitted = 0;
        for (int i = 0; i < attempts; i++) {
            if (shares.tryConsume(key, TEN_AT_TWO_PER_SECOND, 1).isConsumed()) {
                admitted++;
            }
        }
        return admitted;
    }

    @Test
    void twoInstancesEachAdmitHalfTheBurstAndTogetherExactlyTheLimit() {
        LocalShares first = new LocalShares(() -> 2, time);
        LocalShares second = new LocalShares(() -> 2, time);

        assertThat(admitted(first, "tenant:t", 20)).isEqualTo(5);
        assertThat(admitted(second, "tenant:t", 20)).isEqualTo(5);

        advanceSeconds(2); // each share refills at 1/s
        assertThat(admitted(first, "tenant:t", 20) + admitted(second, "tenant:t", 20))
                .as("the rate of both together is the limit's")
                .isEqualTo(4);
    }

    @Test
    void aLoneInstanceHoldsTheWholeLimit() {
        LocalShares alone = new LocalShares(() -> 1, time);

        assertThat(admitted(alone, "credential:key:a", 20)).isEqualTo(10);
        advanceSeconds(1);
        assertThat(admitted(alone, "credential:key:a", 20)).isEqualTo(2);
    }

    @Test
    void whenAnInstanceLeavesTheOnesLeftTakeOverItsShare() {
        AtomicInteger live = new AtomicInteger(2);
        LocalShares shares = new LocalShares(live::get, time);
        assertThat(admitted(shares, "tenant:t", 20)).isEqualTo(5);

        live.set(1);
        advanceSeconds(1);

        assertThat(admitted(shares, "tenant:t", 20))
                .as("refilled at the whole rate now, not half of it")
                .isEqualTo(2);
        advanceSeconds(10);
        assertThat(admitted(shares, "tenant:t", 20))
                .as("and up to the whole burst")
                .isEqualTo(10);
    }

    @Test
    void keysAreCountedApart() {
        LocalShares shares = new LocalShares(() -> 1, time);

        assertThat(admitted(shares, "tenant:a", 20)).isEqualTo(10);
        assertThat(admitted(shares, "tenant:b", 20)).isEqualTo(10);
    }

    @Test
    void aRequestLargerThanAShareIsChargedTheWholeShareAndPassesWhenItIsFull() {
        LocalShares shares = new LocalShares(() -> 4, time);
        LocalShares.Rate bytes = new LocalShares.Rate(1000, 100);

        assertThat(shares.tryConsume("upload-bytes:t", bytes, 600).isConsumed())
                .as("600 of a share of 250: charged 250")
                .isTrue();
        assertThat(shares.tryConsume("upload-bytes:t", bytes, 1).isConsumed()).isFalse();
    }
}
