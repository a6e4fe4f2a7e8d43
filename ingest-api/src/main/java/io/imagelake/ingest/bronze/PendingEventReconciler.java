package io.imagelake.ingest.bronze;

import io.imagelake.contracts.ImageIngested;
import io.imagelake.support.kafka.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Re-emits the events of bronze writes that were never confirmed (the process died between
 * storing an original and Kafka's acknowledgement). Every instance may run it: a re-emitted
 * event keeps its id, so the catalog applies it once.
 */
@Component
public class PendingEventReconciler implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(PendingEventReconciler.class);

    private final PendingEvents pending;
    private final BronzeWriter bronze;
    private final EventPublisher events;
    private final ReconcilerProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;

    public PendingEventReconciler(
            PendingEvents pending,
            BronzeWriter bronze,
            EventPublisher events,
            ReconcilerProperties properties,
            MeterRegistry meters,
            Clock clock) {
        this.clock = clock;
        this.pending = pending;
        this.bronze = bronze;
        this.events = events;
        this.properties = properties;
        this.meters = meters;
    }

    /** Scheduled from the properties record, where the interval's default is written once. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::reconcile, properties.interval(), properties.interval()));
    }

    public void reconcile() {
        try {
            reconcileOnce();
        } catch (Exception e) {
            log.warn("reconciliation pass failed (will retry): {}", e.toString());
        }
    }

    /** One pass; returns how many events were re-emitted. */
    public int reconcileOnce() throws Exception {
        Instant now = clock.instant();
        int reemitted = 0;
        for (PendingEvents.Marker marker : pending.list()) {
            if (marker.writtenAt().isAfter(now.minus(properties.delay()))) {
                continue; // an upload may still be in flight
            }
            ImageIngested event = pending.read(marker);
            if (bronze.exists(event.bronze())) {
                events.publish(event);
                pending.delete(marker);
                reemitted++;
                meters.counter("lake.ingest.reconciled", "outcome", "reemitted").increment();
                log.info("re-emitted ImageIngested of {} (marker from {})", event.imageId(), marker.writtenAt());
            } else if (marker.writtenAt().isBefore(now.minus(properties.abandonAfter()))) {
                // the original never got stored, so nothing was acknowledged: drop the marker
                pending.delete(marker);
                meters.counter("lake.ingest.reconciled", "outcome", "abandoned").increment();
            }
        }
        return reemitted;
    }
}
