package io.imagelake.ingest.staged;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Removes unfinished uploads past their expiry (and finished ones' records). Every instance may sweep: a removal is
 * idempotent, and the expiry index lists only what is due, so a sweep that finds nothing costs one listing.
 */
@Component
class StagingSweeper implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(StagingSweeper.class);
    private static final int BATCH = 500;

    private final StagedUploads tus;
    private final StagingProperties properties;
    private final Counter sweeps;
    private final Counter failedSweeps;

    StagingSweeper(StagedUploads tus, StagingProperties properties, MeterRegistry meters) {
        this.tus = tus;
        this.properties = properties;
        // registered at start, so the alert's series exists (at 0) before the first sweep
        this.sweeps = meters.counter("lake.ingest.staging.sweeps", "outcome", "ok");
        this.failedSweeps = meters.counter("lake.ingest.staging.sweeps", "outcome", "failed");
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(
                new FixedDelayTask(this::sweep, properties.sweepInterval(), properties.sweepInterval()));
    }

    void sweep() {
        try {
            int removed;
            do {
                removed = tus.sweepExpired(BATCH);
                if (removed > 0) {
                    log.info("removed {} expired resumable uploads", removed);
                }
            } while (removed == BATCH);
            sweeps.increment();
        } catch (RuntimeException e) {
            // alerted: LakeStagedUploadSweepFailing
            failedSweeps.increment();
            log.warn("expired resumable uploads stay until the next sweep: {}", e.getMessage());
        }
    }
}
