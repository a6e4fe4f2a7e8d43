package io.imagelake.catalog.scheduling;

import io.imagelake.catalog.store.CatalogStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.mongo.MongoLockProvider;
import net.javacrumbs.shedlock.support.KeepAliveLockProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.stereotype.Component;

/**
 * Scheduled jobs that must run on one catalog replica at a time (the retention sweep, the integrity check): every
 * replica schedules them, and a run takes ShedLock's lock in the catalog's MongoDB first. The lock is held for at
 * least nine tenths of the interval, so the replicas' schedules, however they are offset, make one run per
 * interval between them; while a run lasts, the lock is kept alive, so a long run is never joined by a second. A
 * replica that dies holding it frees it after {@link #LOCK_AT_MOST} at the latest.
 */
@Component
public class SingletonJobs implements DisposableBean {

    /** How long a dead holder can keep the lock; a live one extends it (ShedLock's keep-alive needs >= 30 s). */
    static final Duration LOCK_AT_MOST = Duration.ofMinutes(2);

    private static final Logger log = LoggerFactory.getLogger(SingletonJobs.class);

    private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("job-lock-keepalive").daemon().factory());
    private final LockingTaskExecutor executor;
    private final MeterRegistry meters;

    public SingletonJobs(CatalogStore store, MeterRegistry meters) {
        this.executor = new DefaultLockingTaskExecutor(
                new KeepAliveLockProvider(new MongoLockProvider(store.locks()), keepAlive));
        this.meters = meters;
    }

    /** {@code job} every {@code interval} (the first after one interval), on one replica at a time. */
    public FixedDelayTask every(Duration interval, String job, Runnable run) {
        // at zero from the start, so that an alert's increase() sees the first of each
        for (String outcome : new String[] {"ran", "skipped", "lock_unavailable"}) {
            meters.counter("lake.catalog.jobs", "job", job, "outcome", outcome);
        }
        return new FixedDelayTask(() -> runOnce(job, interval, run), interval, interval);
    }

    /** One scheduled attempt: runs {@code run} if no replica holds the job's lock; true if it ran here. */
    public boolean runOnce(String job, Duration interval, Runnable run) {
        Duration atLeast = interval.multipliedBy(9).dividedBy(10);
        LockConfiguration lock = new LockConfiguration(ClockProvider.now(), job, max(LOCK_AT_MOST, interval), atLeast);
        boolean ran;
        try {
            ran = executor.executeWithLock(
                            () -> {
                                run.run();
                                return Boolean.TRUE;
                            },
                            lock)
                    .wasExecuted();
        } catch (Throwable e) {
            // the job handles its own failures; this is the lock's store being unavailable: the next attempt retries
            log.warn("cannot take the lock of {} (the next attempt retries): {}", job, e.toString());
            meters.counter("lake.catalog.jobs", "job", job, "outcome", "lock_unavailable")
                    .increment();
            return false;
        }
        meters.counter("lake.catalog.jobs", "job", job, "outcome", ran ? "ran" : "skipped")
                .increment();
        return ran;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public void destroy() {
        keepAlive.shutdownNow();
    }
}
