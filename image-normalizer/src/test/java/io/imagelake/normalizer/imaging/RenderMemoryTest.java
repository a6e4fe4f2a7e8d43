package io.imagelake.normalizer.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagelake.devstack.process.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RenderMemoryTest {

    private static final long MB = 1 << 20;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RenderMemory memory = new RenderMemory(100 * MB, meters);

    @Test
    void aReservationWaitsWhileOthersHoldTheBudgetAndProceedsWhenTheyCloseTheirs() throws Exception {
        RenderMemory.Lease first = memory.reserve(70 * MB);
        CompletableFuture<RenderMemory.Lease> second = CompletableFuture.supplyAsync(() -> reserve(40 * MB));
        awaitWaiting(1);

        assertThat(second).isNotDone();
        assertThat(reserved()).isEqualTo(70.0 * MB);

        first.close();
        try (RenderMemory.Lease granted = second.get(30, TimeUnit.SECONDS)) {
            assertThat(reserved()).isEqualTo(40.0 * MB);
        }
        assertThat(reserved()).isZero();
    }

    @Test
    void theWholeBudgetWaitsForEveryOtherRenderToFinish() throws Exception {
        RenderMemory.Lease small = memory.reserve(MB);
        CompletableFuture<RenderMemory.Lease> alone = CompletableFuture.supplyAsync(() -> {
            try {
                return memory.reserveAll();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitWaiting(1);

        small.close();
        try (RenderMemory.Lease all = alone.get(30, TimeUnit.SECONDS)) {
            assertThat(reserved()).isEqualTo(100.0 * MB);
        }
    }

    @Test
    void closingALeaseTwiceGivesItsMemoryBackOnce() throws Exception {
        RenderMemory.Lease lease = memory.reserve(60 * MB);
        lease.close();
        lease.close();

        try (RenderMemory.Lease all = memory.reserveAll()) {
            assertThat(reserved()).isEqualTo(100.0 * MB);
        }
    }

    @Test
    void moreThanTheBudgetCanNeverBeReserved() {
        assertThatThrownBy(() -> memory.reserve(101 * MB)).isInstanceOf(IllegalArgumentException.class);
    }

    private RenderMemory.Lease reserve(long bytes) {
        try {
            return memory.reserve(bytes);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private double reserved() {
        return meters.get("lake.normalizer.decode.memory.reserved").gauge().value();
    }

    /** The other thread is parked on the semaphore: a condition, awaited as the project awaits every condition. */
    private void awaitWaiting(int threads) {
        Await.healthy(null, Duration.ofSeconds(30), () -> memory.waiting() >= threads);
    }
}
