package io.imagelake.normalizer.imaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The decode memory budget shared by every render in flight: a render reserves what its
 * {@link DecodePlan} says before it allocates a pixel and waits while others hold the rest. So
 * concurrency is bounded by memory as well as by listener threads: two huge images take turns
 * instead of both running out of heap. A fair semaphore (in KiB) so a large reservation is not
 * overtaken for ever by small ones.
 */
@Component
public class RenderMemory {

    private final long budget;
    private final int budgetKib;
    private final Semaphore kib;
    private final AtomicLong reserved = new AtomicLong();

    @Autowired
    public RenderMemory(DecodeMemoryProperties properties, MeterRegistry meters) {
        this(properties.budgetBytes(), meters);
    }

    public RenderMemory(long budgetBytes, MeterRegistry meters) {
        this.budgetKib = (int) Math.min(Integer.MAX_VALUE, budgetBytes >> 10);
        this.budget = (long) budgetKib << 10;
        this.kib = new Semaphore(budgetKib, true);
        Gauge.builder("lake.normalizer.decode.memory.reserved", reserved, AtomicLong::get)
                .baseUnit("bytes")
                .description("decode memory held by renders in flight")
                .register(meters);
        Gauge.builder("lake.normalizer.decode.memory.waiting", this, RenderMemory::waiting)
                .description("renders waiting for decode memory")
                .register(meters);
        Gauge.builder("lake.normalizer.decode.memory.budget", this, RenderMemory::budget)
                .baseUnit("bytes")
                .description("decode memory all renders in flight may hold together")
                .register(meters);
    }

    public long budget() {
        return budget;
    }

    /** Renders waiting for memory now. */
    public int waiting() {
        return kib.getQueueLength();
    }

    /** Waits until {@code bytes} (at most the budget) are free and holds them until the lease is closed. */
    public Lease reserve(long bytes) throws InterruptedException {
        if (bytes > budget) {
            throw new IllegalArgumentException(bytes + " bytes exceed the decode budget of " + budget);
        }
        return take((int) Math.max(1, (bytes + 1023) >> 10));
    }

    /**
     * The whole budget: the render runs alone (after an out-of-memory error, to tell a too-large image from a crowded
     * heap).
     */
    public Lease reserveAll() throws InterruptedException {
        return take(budgetKib);
    }

    private Lease take(int permits) throws InterruptedException {
        kib.acquire(permits);
        reserved.addAndGet((long) permits << 10);
        return new Lease(permits);
    }

    /** Held decode memory; closing it (once) gives it back. */
    public final class Lease implements AutoCloseable {

        private int permits;

        private Lease(int permits) {
            this.permits = permits;
        }

        @Override
        public synchronized void close() {
            if (permits > 0) {
                reserved.addAndGet(-((long) permits << 10));
                kib.release(permits);
                permits = 0;
            }
        }
    }
}
