package io.imagelake.catalog.datasets;

import io.imagelake.catalog.audit.AuditLog;
import io.imagelake.catalog.store.FeedZone;
import io.imagelake.catalog.store.ImageDocument;
import io.imagelake.contracts.CatalogColumns;
import io.imagelake.support.storage.ContentDigest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds dataset versions: walks the version's gold images in gold-feed order, writes WebDataset
 * shards per split ({@link SplitShards}), the JSON Lines manifest and the Croissant card
 * ({@link CroissantCard}), uploads them and only then publishes the version, so nothing
 * half-built is ever served. Builds run off the request thread; a build that dies with its
 * instance is taken over once its lease lapses and rebuilt to the same bytes.
 */
@Component
public class DatasetBuilder implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(DatasetBuilder.class);
    private static final int PAGE = 200;

    private final DatasetVersions versions;
    private final DatasetStorage storage;
    private final DatasetProperties properties;
    private final AuditLog audit;
    private final MeterRegistry meters;
    private final JsonMapper json;
    private final ExecutorService executor;
    private final String owner = "catalog-" + UUID.randomUUID();
    private final Clock clock;

    public DatasetBuilder(
            DatasetVersions versions,
            DatasetStorage storage,
            DatasetProperties properties,
            AuditLog audit,
            MeterRegistry meters,
            JsonMapper json,
            Clock clock) {
        this.clock = clock;
        this.versions = versions;
        this.storage = storage;
        this.properties = properties;
        this.audit = audit;
        this.meters = meters;
        this.json = json;
        this.executor = Executors.newFixedThreadPool(
                properties.concurrentBuilds(),
                Thread.ofPlatform().name("dataset-build-", 0).factory());
    }

    /** The identity under which this instance holds build leases. */
    public String owner() {
        return owner;
    }

    public void submit(Document version) {
        executor.submit(() -> buildQuietly(version));
    }

    /** Scheduled from the properties record, where the interval's default is written once. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::resumeStale, properties.heartbeat(), Duration.ZERO));
    }

    /** Takes over builds whose instance stopped renewing their lease (a crash or a restart). */
    public void resumeStale() {
        try {
            versions.claimStale(owner, properties.staleAfter(), clock.instant()).ifPresent(version -> {
                if (version.getInteger("attempts", 1) > properties.maxAttempts()) {
                    versions.fail(version.getString("_id"), "gave up after " + properties.maxAttempts() + " attempts");
                    versions.release(version);
                    meters.counter("lake.catalog.dataset.builds", "outcome", "failed")
                            .increment();
                    return;
                }
                log.info(
                        "resuming the build of dataset version {} (attempt {})",
                        version.getString("_id"),
                        version.getInteger("attempts"));
                submit(version);
            });
        } catch (RuntimeException e) {
            log.warn("cannot look for stale dataset builds (will retry): {}", e.toString());
        }
    }

    private void buildQuietly(Document version) {
        String id = version.getString("_id");
        Timer.Sample sample = Timer.start(meters);
        try {
            if (build(version)) {
                meters.counter("lake.catalog.dataset.builds", "outcome", "published")
                        .increment();
                sample.stop(meters.timer("lake.catalog.dataset.build.duration"));
            }
        } catch (Exception e) {
            // the lease lapses and the build is retried (up to max-attempts), by this or another instance
            meters.counter("lake.catalog.dataset.builds", "outcome", "retried").increment();
            log.warn(
                    "build of dataset version {} failed; it is retried after {}: {}",
                    id,
                    properties.staleAfter(),
                    e.toString());
        }
    }

    /** Builds and publishes one version; false if another instance took it over meanwhile. */
    boolean build(Document version) throws IOException {
        String id = version.getString("_id");
        String tenant = version.getString(CatalogColumns.CUSTOMER_ID);
        String name = version.getString("name");
        String prefix = DatasetStorage.prefix(tenant, name, version.getLong("version"));
        SplitRatios split = DatasetVersions.splitOf(version);
        ShardLimits limits = new ShardLimits(
                properties.shardMaxImages(), properties.shardMaxBytes().toBytes());
        Path dir = Files.createTempDirectory("dataset-");
        try {
            Path manifestFile = dir.resolve("manifest.jsonl");
            MessageDigest manifestDigest = ContentDigest.newDigest();
            List<Document> shards = new ArrayList<>();
            Map<SplitRatios.Split, Integer> splits = new EnumMap<>(SplitRatios.Split.class);
            long images = 0;
            long skipped = 0;
            long lastRenewal = System.nanoTime();
            CroissantCard.Lineage lineage;
            try (BufferedWriter manifest = new BufferedWriter(new OutputStreamWriter(
                    new DigestOutputStream(Files.newOutputStream(manifestFile), manifestDigest),
                    StandardCharsets.UTF_8))) {
                SplitShards open = new SplitShards(dir, prefix);
                lineage = new CroissantCard.Lineage();
                long afterSeq = 0;
                for (List<Document> page = versions.members(version, afterSeq, PAGE);
                        !page.isEmpty();
                        page = versions.members(version, afterSeq, PAGE)) {
                    versions.hold(
                            version,
                            page.stream()
                                    .map(d -> d.getString(CatalogColumns.ID))
                                    .toList());
                    for (Document image : page) {
                        afterSeq = image.getLong(ImageDocument.feedSeq(FeedZone.GOLD));
                        Document gold = ImageDocument.zoneOf(image, "gold");
                        var bytes = storage.read(
                                gold.getString(ImageDocument.BUCKET),
                                gold.getString(ImageDocument.KEY),
                                properties.shardMaxBytes().toBytes());
                        if (bytes.isEmpty()) {
                            skipped++;
                            continue;
                        }
                        SplitRatios.Split assigned = split.assign(name, image.getString(CatalogColumns.ID));
                        ShardWriter shard = open.writerFor(assigned, limits, bytes.get().length, this::upload);
                        splits.merge(assigned, 1, Integer::sum);
                        lineage.add(image);
                        Map<String, Object> line = ManifestLine.of(image, gold, assigned, open.keyOf(assigned));
                        byte[] lineJson = json.writeValueAsBytes(line);
                        shard.add(
                                image.getString(CatalogColumns.ID),
                                bytes.get(),
                                ManifestLine.captionText(image),
                                lineJson,
                                gold.getDate("at").toInstant());
                        manifest.write(new String(lineJson, StandardCharsets.UTF_8));
                        manifest.write('\n');
                        images++;
                    }
                    if (System.nanoTime() - lastRenewal > properties.heartbeat().toNanos()) {
                        if (!versions.renew(id, owner)) {
                            log.info("dataset version {} was taken over by another instance; stopping here", id);
                            return false;
                        }
                        lastRenewal = System.nanoTime();
                    }
                }
                shards.addAll(open.finish(this::upload));
            }
            String manifestKey = DatasetStorage.manifestKey(prefix);
            storage.upload(manifestKey, manifestFile, "application/x-ndjson");
            Document splitCounts = new Document();
            for (SplitRatios.Split s : SplitRatios.Split.values()) {
                splitCounts.append(s.id(), splits.getOrDefault(s, 0));
            }
            Document manifestFacts = new Document("key", manifestKey)
                    .append("bytes", Files.size(manifestFile))
                    .append("sha256", HexFormat.of().formatHex(manifestDigest.digest()))
                    .append("lines", images);
            Path cardFile = dir.resolve("croissant.json");
            Files.write(
                    cardFile,
                    json.writerWithDefaultPrettyPrinter()
                            .writeValueAsBytes(
                                    CroissantCard.of(version, shards, manifestFacts, lineage, properties.license())));
            String cardKey = DatasetStorage.cardKey(prefix);
            storage.upload(cardKey, cardFile, "application/ld+json");
            Document facts = new Document("images", images)
                    .append("skipped", skipped)
                    .append(
                            "bytes",
                            shards.stream().mapToLong(s -> s.getLong("bytes")).sum())
                    .append("split_counts", splitCounts)
                    .append("shards", shards)
                    .append("manifest", manifestFacts)
                    .append(
                            "card",
                            new Document("key", cardKey)
                                    .append("bytes", Files.size(cardFile))
                                    .append("sha256", ContentDigest.sha256(Files.readAllBytes(cardFile))));
            if (!versions.publish(id, owner, facts)) {
                return false;
            }
            meters.counter("lake.catalog.dataset.images").increment(images);
            audit.record(
                    "system:datasets",
                    "dataset.publish",
                    null,
                    Map.of("dataset", id, "images", images, "shards", shards.size()));
            log.info(
                    "published dataset version {}: {} images in {} shards ({} skipped)",
                    id,
                    images,
                    shards.size(),
                    skipped);
            return true;
        } finally {
            FileSystemUtils.deleteRecursively(dir);
        }
    }

    private Document upload(ShardWriter writer, String key) throws IOException {
        ShardWriter.Shard shard = writer.finish();
        storage.upload(key, shard.file(), "application/x-tar");
        Files.deleteIfExists(shard.file());
        return new Document("key", key)
                .append("images", shard.images())
                .append("bytes", shard.bytes())
                .append("sha256", shard.sha256());
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
