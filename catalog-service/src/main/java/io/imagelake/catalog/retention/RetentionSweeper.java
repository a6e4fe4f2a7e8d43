package io.imagelake.catalog.retention;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.imagelake.catalog.audit.AuditLog;
import io.imagelake.catalog.scheduling.SingletonJobs;
import io.imagelake.catalog.store.AllOf;
import io.imagelake.catalog.store.CatalogStore;
import io.imagelake.catalog.store.ImageDocument;
import io.imagelake.contracts.CatalogColumns;
import io.imagelake.contracts.ImageStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Deletes objects older than their zone's retention and records it in the image's lineage. The
 * embedded Mongo server and S3Proxy have no TTL or lifecycle rules, so retention is enforced here.
 * Objects a dataset version still references are kept.
 */
@Component
public class RetentionSweeper implements SchedulingConfigurer {

    /** The sweep's name as a scheduled job (its lock, its metrics). */
    public static final String JOB = "retention-sweep";

    private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);

    private final MongoCollection<Document> images;
    private final ZoneObjects objects;
    private final AuditLog audit;
    private final RetentionProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private final SingletonJobs jobs;

    public RetentionSweeper(
            CatalogStore store,
            ZoneObjects objects,
            AuditLog audit,
            RetentionProperties properties,
            MeterRegistry meters,
            Clock clock,
            SingletonJobs jobs) {
        this.clock = clock;
        this.jobs = jobs;
        this.images = store.images();
        this.objects = objects;
        this.audit = audit;
        this.properties = properties;
        this.meters = meters;
        // at zero from the start, so an alert's increase() sees the first failure
        meters.counter("lake.catalog.sweeper.failures");
    }

    /** Scheduled from the properties record, where the interval's default is written once; on one replica at a time. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(jobs.every(properties.sweepInterval(), RetentionSweeper.JOB, this::sweep));
    }

    public void sweep() {
        try {
            sweepOnce(clock.instant());
        } catch (Exception e) {
            meters.counter("lake.catalog.sweeper.failures").increment();
            log.warn("retention sweep failed (will retry): {}", e.toString());
        }
    }

    /**
     * Published dataset versions name their images' silver and gold objects in their manifests, so
     * those stay while a version holds the image; bronze is not referenced and expires as usual.
     */
    private static Bson notHeldByADataset(String zone) {
        if ("bronze".equals(zone)) {
            return Filters.empty();
        }
        return Filters.or(
                Filters.exists(ImageDocument.DATASET_REFS, false), Filters.size(ImageDocument.DATASET_REFS, 0));
    }

    /**
     * An original is the only copy until the image is processed: it is never swept while the image
     * is still RECEIVED (an outage or a backlog must not turn into loss).
     */
    private static Bson processedIfOriginal(String zone) {
        return "bronze".equals(zone) ? Filters.ne(CatalogColumns.STATUS, ImageStatus.RECEIVED.name()) : Filters.empty();
    }

    /** One pass over every expiring zone; returns deletions per zone. */
    public Map<String, Integer> sweepOnce(Instant now) throws Exception {
        Map<String, Integer> deleted = new LinkedHashMap<>();
        for (Map.Entry<String, Duration> zone : properties.expiring().entrySet()) {
            String field = ImageDocument.zone(zone.getKey());
            Date cutoff = Date.from(now.minus(zone.getValue()));
            List<Document> expired = images.find(AllOf.of(
                            Filters.lt(field + "." + ImageDocument.AT, cutoff),
                            ImageDocument.notErased(),
                            notHeldByADataset(zone.getKey()),
                            processedIfOriginal(zone.getKey())))
                    .limit(properties.sweepBatch())
                    .into(new ArrayList<>());
            for (Document doc : expired) {
                objects.deleteZone(doc, zone.getKey());
                images.updateOne(
                        Filters.eq(CatalogColumns.ID, doc.getString(CatalogColumns.ID)),
                        Updates.combine(
                                Updates.unset(field),
                                ImageDocument.changedAt(now),
                                Updates.set(ImageDocument.EXPIRED + "." + zone.getKey(), Date.from(now)),
                                Updates.push(
                                        ImageDocument.LINEAGE,
                                        new Document(ImageDocument.EVENT, "Expired")
                                                .append(ImageDocument.FROM, zone.getKey())
                                                .append(ImageDocument.TO, null)
                                                .append(ImageDocument.AT, Date.from(now)))));
                meters.counter("lake.catalog.sweeper.deletions", "zone", zone.getKey())
                        .increment();
            }
            deleted.put(zone.getKey(), expired.size());
            if (!expired.isEmpty()) {
                audit.record(
                        "system:retention",
                        "retention.sweep",
                        null,
                        Map.of("zone", zone.getKey(), "deleted", expired.size(), "olderThan", cutoff));
            }
        }
        return deleted;
    }
}
