package io.imagelake.catalog.webhooks;

import io.imagelake.catalog.scheduling.SingletonJobs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Keeps the delivery log bounded: every event a webhook subscribed to leaves a delivery, so without this the
 * outbox grows with the catalog. Deliveries that are done go {@code log-retention} after their event, on one
 * replica at a time; the embedded Mongo server has no TTL indexes, so this runs here as the retention sweep does.
 */
@Component
public class DeliveryLogPruner implements SchedulingConfigurer {

    /** The job's name as a scheduled job (its lock, its metrics). */
    public static final String JOB = "webhook-log-prune";

    private static final Logger log = LoggerFactory.getLogger(DeliveryLogPruner.class);

    private final Webhooks webhooks;
    private final WebhookProperties properties;
    private final Clock clock;
    private final SingletonJobs jobs;
    private final Counter pruned;
    private final Counter succeeded;
    private final Counter failed;

    public DeliveryLogPruner(
            Webhooks webhooks, WebhookProperties properties, Clock clock, SingletonJobs jobs, MeterRegistry meters) {
        this.webhooks = webhooks;
        this.properties = properties;
        this.clock = clock;
        this.jobs = jobs;
        this.pruned = meters.counter("lake.catalog.webhook.log.pruned");
        // at zero from the start, so an alert's increase() sees the first failure
        this.succeeded = meters.counter("lake.catalog.webhook.log.prunes", "outcome", "ok");
        this.failed = meters.counter("lake.catalog.webhook.log.prunes", "outcome", "failed");
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(jobs.every(properties.pruneInterval(), JOB, this::prune));
    }

    void prune() {
        try {
            pruneOnce(clock.instant());
            succeeded.increment();
        } catch (RuntimeException e) {
            failed.increment();
            log.warn("cannot prune the webhook delivery log (the next run retries): {}", e.toString());
        }
    }

    /** Removes the deliveries done before {@code now} minus the log's retention; returns how many went. */
    public long pruneOnce(Instant now) {
        long removed = webhooks.pruneLog(now.minus(properties.logRetention()));
        pruned.increment(removed);
        if (removed > 0) {
            log.info("pruned {} webhook deliveries older than {}", removed, properties.logRetention());
        }
        return removed;
    }
}
