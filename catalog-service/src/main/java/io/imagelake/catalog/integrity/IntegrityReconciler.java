package io.imagelake.catalog.integrity;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import io.imagelake.catalog.audit.AuditLog;
import io.imagelake.catalog.scheduling.SingletonJobs;
import io.imagelake.catalog.store.CatalogStore;
import io.imagelake.catalog.store.ImageDocument;
import io.imagelake.contracts.CatalogColumns;
import io.imagelake.contracts.ReemitRequested;
import io.imagelake.contracts.Topics;
import io.imagelake.contracts.Zone;
import io.imagelake.support.kafka.EventPublisher;
import io.imagelake.support.storage.StorageProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares the catalog with the object store, one tenant at a time (so memory grows with the
 * largest tenant, not the lake): a listing of the tenant's prefix in each bucket against the
 * tenant's catalog entries. Catalog entries whose object is missing are reported; bronze objects
 * no entry knows, older than a grace, are reported and ingest-api is asked to announce them again
 * (the catalog never writes bronze or {@code ImageIngested} itself). Listing beats a HEAD per object
 * by the page size (1000 keys per request).
 */
@Component
public class IntegrityReconciler implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(IntegrityReconciler.class);
    private static final String LAST = "last";

    private final MinioClient client;
    private final StorageProperties storage;
    private final MongoCollection<Document> images;
    private final EventPublisher events;
    private final AuditLog audit;
    private final IntegrityProperties properties;
    private final MeterRegistry meters;
    private final AtomicReference<IntegrityReport> last = new AtomicReference<>();
    private final Clock clock;
    private final SingletonJobs jobs;
    private final MongoCollection<Document> reports;
    private final JsonMapper json;

    public IntegrityReconciler(
            MinioClient client,
            StorageProperties storage,
            CatalogStore store,
            EventPublisher events,
            AuditLog audit,
            IntegrityProperties properties,
            MeterRegistry meters,
            Clock clock,
            SingletonJobs jobs,
            JsonMapper json) {
        this.clock = clock;
        this.jobs = jobs;
        this.json = json;
        this.reports = store.integrityReports();
        this.client = client;
        this.storage = storage;
        this.images = store.images();
        this.events = events;
        this.audit = audit;
        this.properties = properties;
        this.meters = meters;
        for (String zone : ImageDocument.ZONE_NAMES) {
            Gauge.builder(
                            "lake.catalog.integrity.missing",
                            last,
                            r -> r.get() == null ? 0 : r.get().missingByZone().getOrDefault(zone, 0L))
                    .tag("zone", zone)
                    .description("catalog entries whose object is missing (last check)")
                    .register(meters);
        }
        Gauge.builder(
                        "lake.catalog.integrity.orphans",
                        last,
                        r -> r.get() == null ? 0 : r.get().orphans())
                .description("bronze objects with no catalog entry (last check)")
                .register(meters);
    }

    /**
     * Scheduled from the properties record, where the interval's default is written once: the check on one replica
     * at a time, and on every replica the reading of its report, so that every replica's gauges show the last
     * check, whichever replica ran it (a replica's own, older report would keep an alert firing).
     */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(jobs.every(properties.interval(), "integrity-check", this::scheduled));
        registrar.addFixedDelayTask(
                new FixedDelayTask(this::refreshReport, properties.reportRefresh(), properties.reportRefresh()));
    }

    /** The last check's report, as the check that made it shared it. */
    void refreshReport() {
        try {
            Document shared = reports.find(Filters.eq(CatalogColumns.ID, LAST)).first();
            if (shared != null) {
                IntegrityReport report = json.readValue(shared.getString("report"), IntegrityReport.class);
                last.accumulateAndGet(report, IntegrityReconciler::newer);
            }
        } catch (RuntimeException e) {
            log.warn("cannot read the last integrity report (will retry): {}", e.toString());
        }
    }

    private static IntegrityReport newer(IntegrityReport mine, IntegrityReport theirs) {
        return mine == null || theirs.finishedAt().isAfter(mine.finishedAt()) ? theirs : mine;
    }

    private void share(IntegrityReport report) {
        reports.replaceOne(
                Filters.eq(CatalogColumns.ID, LAST),
                new Document(CatalogColumns.ID, LAST).append("report", json.writeValueAsString(report)),
                new ReplaceOptions().upsert(true));
    }

    public void scheduled() {
        try {
            check();
        } catch (Exception e) {
            log.warn("integrity check failed (will retry): {}", e.toString());
        }
    }

    public Optional<IntegrityReport> lastReport() {
        refreshReport();
        return Optional.ofNullable(last.get());
    }

    /** One full check; one at a time per instance. */
    public synchronized IntegrityReport check() throws Exception {
        Instant started = clock.instant();
        Instant orphanBefore = started.minus(properties.orphanGrace());
        String bronzeBucket = storage.buckets().of(Zone.BRONZE);
        Map<String, Long> missingByZone = new LinkedHashMap<>();
        ImageDocument.ZONE_NAMES.forEach(z -> missingByZone.put(z, 0L));
        List<IntegrityReport.Missing> missing = new ArrayList<>();
        List<IntegrityReport.Orphan> orphans = new ArrayList<>();
        long orphanCount = 0;
        long imagesChecked = 0;
        long objectsListed = 0;
        long reemits = 0;
        for (String tenant : tenants()) {
            Map<String, Map<String, Instant>> listed = new HashMap<>();
            Set<String> known = new HashSet<>();
            for (Document doc : images.find(Filters.eq(CatalogColumns.CUSTOMER_ID, tenant))
                    .projection(Projections.include(CatalogColumns.ID, ImageDocument.ZONES))) {
                imagesChecked++;
                known.add(doc.getString(CatalogColumns.ID));
                Document zones = doc.get(ImageDocument.ZONES, Document.class);
                if (zones == null) {
                    continue;
                }
                for (String zone : ImageDocument.ZONE_NAMES) {
                    Document entry = zones.get(zone, Document.class);
                    if (entry == null) {
                        continue;
                    }
                    String bucket = entry.getString(ImageDocument.BUCKET);
                    Map<String, Instant> objects = listed.computeIfAbsent(bucket, b -> list(b, tenant + "/"));
                    if (!objects.containsKey(entry.getString(ImageDocument.KEY))) {
                        missingByZone.merge(zone, 1L, Long::sum);
                        if (missing.size() < properties.reportSample()) {
                            missing.add(new IntegrityReport.Missing(
                                    tenant,
                                    doc.getString(CatalogColumns.ID),
                                    zone,
                                    bucket,
                                    entry.getString(ImageDocument.KEY)));
                        }
                    }
                }
            }
            Map<String, Instant> bronze = listed.computeIfAbsent(bronzeBucket, b -> list(b, tenant + "/"));
            for (var object : bronze.entrySet()) {
                String key = object.getKey();
                String imageId = key.substring(key.lastIndexOf('/') + 1);
                if (known.contains(imageId) || !object.getValue().isBefore(orphanBefore)) {
                    continue;
                }
                orphanCount++;
                if (orphans.size() < properties.reportSample()) {
                    orphans.add(new IntegrityReport.Orphan(tenant, imageId, bronzeBucket, key, object.getValue()));
                }
                if (reemits < properties.maxReemitsPerRun()) {
                    events.publish(
                            Topics.REEMIT,
                            imageId,
                            new ReemitRequested(
                                    ReemitRequested.CURRENT_SCHEMA_VERSION,
                                    UUID.randomUUID().toString(),
                                    bronzeBucket,
                                    key,
                                    tenant,
                                    imageId,
                                    clock.instant()));
                    reemits++;
                    meters.counter("lake.catalog.integrity.reemit.requested").increment();
                }
            }
            objectsListed += listed.values().stream().mapToLong(Map::size).sum();
        }
        IntegrityReport report = new IntegrityReport(
                started,
                clock.instant(),
                imagesChecked,
                objectsListed,
                missingByZone,
                missing,
                orphanCount,
                orphans,
                reemits);
        last.set(report);
        share(report);
        if (reemits > 0 || missingByZone.values().stream().anyMatch(n -> n > 0)) {
            audit.record(
                    "system:integrity",
                    "integrity.check",
                    null,
                    Map.of(
                            "missing",
                            new Document(new LinkedHashMap<>(missingByZone)),
                            "orphans",
                            orphanCount,
                            "reemitRequested",
                            reemits));
            log.warn(
                    "integrity check: missing objects {}, bronze orphans {} ({} re-emits requested)",
                    missingByZone,
                    orphanCount,
                    reemits);
        }
        return report;
    }

    /** Tenants with objects in any zone bucket or entries in the catalog; {@code _}-prefixes are internal. */
    private Set<String> tenants() throws Exception {
        Set<String> tenants = new TreeSet<>(
                images.distinct(CatalogColumns.CUSTOMER_ID, String.class).into(new ArrayList<>()));
        for (Zone zone : Zone.values()) {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder()
                    .bucket(storage.buckets().of(zone))
                    .delimiter("/")
                    .build())) {
                String prefix = result.get().objectName();
                if (prefix.endsWith("/") && !prefix.startsWith("_")) {
                    tenants.add(prefix.substring(0, prefix.length() - 1));
                }
            }
        }
        return tenants;
    }

    private Map<String, Instant> list(String bucket, String prefix) {
        Map<String, Instant> objects = new HashMap<>();
        try {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder()
                    .bucket(bucket)
                    .prefix(prefix)
                    .recursive(true)
                    .build())) {
                Item item = result.get();
                if (!item.isDir()) {
                    objects.put(item.objectName(), item.lastModified().toInstant());
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot list " + bucket + "/" + prefix, e);
        }
        return objects;
    }
}
