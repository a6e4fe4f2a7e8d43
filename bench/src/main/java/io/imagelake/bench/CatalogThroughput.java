package io.imagelake.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.imagelake.contracts.CatalogColumns;
import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.ImageNormalized;
import io.imagelake.contracts.ImagePromoted;
import io.imagelake.contracts.ObjectKeys;
import io.imagelake.contracts.ObjectRef;
import io.imagelake.devstack.Endpoints;
import io.imagelake.devstack.Stack;
import io.imagelake.devstack.demo.LakeClient;
import io.imagelake.devstack.infra.KafkaSecurity;
import io.imagelake.devstack.process.Await;
import io.imagelake.testing.EventWriter;
import io.imagelake.testing.TestEvents;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import tools.jackson.databind.JsonNode;

/**
 * catalog-service against raw MongoDB on the same server, in one run, on a stack of its own (Kafka,
 * S3, the Mongo wire server and catalog-service only):
 * <ol>
 *   <li>projection: realistic image events (ingested, normalized with caption and features,
 *       promoted) pre-loaded into Kafka, consumed and projected by catalog-service — events/s —
 *       versus {@code insertMany} of finished catalog documents of the same shape — documents/s;</li>
 *   <li>feed: a trainer paging through 100k gold images over HTTP ({@code GET /api/v1/feed},
 *       1000 per page, JSON with presigned URLs) — items/s — versus a raw {@code find()} of the
 *       same documents in feed order; both read twice and the second pass timed (a trainer pages a
 *       catalog that has been running: the first pass is mostly its compiler warming up).</li>
 * </ol>
 */
public final class CatalogThroughput {

    private static final Pattern PROJECTED =
            Pattern.compile("^lake_catalog_events_projected_total\\{[^}]*} ([0-9.eE+]+)$", Pattern.MULTILINE);

    public static void main(String[] args) throws Exception {
        Map<String, String> options = IngestThroughput.options(args);
        int projected = Integer.parseInt(options.getOrDefault("images", "20000"));
        int feedImages = Integer.parseInt(options.getOrDefault("feed-images", "100000"));
        int page = Integer.parseInt(options.getOrDefault("page", "1000"));

        Stack stack = BenchStacks.fresh("catalog-stack");
        try {
            stack.upInfrastructure(name -> name.equals("kafka") || name.equals("s3") || name.equals("mongo"));
            Endpoints endpoints = stack.endpoints();
            String tenant = "bench-" + UUID.randomUUID().toString().substring(0, 8);

            // 1. projection: events wait in Kafka; catalog-service starts and drains them
            List<ImageEvent> events = events(tenant, projected);
            long t = System.nanoTime();
            try (EventWriter writer =
                    new EventWriter(endpoints.kafkaBootstrap(), stack.kafkaClientProperties(KafkaSecurity.ADMIN))) {
                writer.publishAll(events);
            }
            System.out.printf(
                    "loaded %d events of %d images into Kafka in %.1f s%n", events.size(), projected, seconds(t));
            // the gateway too: it serves the keys the catalog verifies the bench's internal tokens with
            stack.upServices(
                    spec -> spec.name().equals("catalog-service") || spec.name().equals("gateway"));
            String catalog = "http://127.0.0.1:" + stack.ports().catalog();
            var cpu0 = IngestThroughput.cpuSeconds(stack);
            double[] projection = awaitProjected(catalog, events.size());
            var cpu1 = IngestThroughput.cpuSeconds(stack);
            double eventsPerSecond = projection[0];
            System.out.printf(
                    "projected %d events in %.1f s: %.0f events/s%n", events.size(), projection[1], eventsPerSecond);

            try (MongoClient mongo = MongoClients.create(endpoints.mongoUri())) {
                MongoCollection<Document> images = mongo.getDatabase("lake").getCollection(CatalogColumns.COLLECTION);
                Document template = images.find(
                                Filters.and(Filters.eq("customer_id", tenant), Filters.exists("feed_seq_gold")))
                        .first();
                if (template == null) {
                    throw new IllegalStateException("no projected image to copy: is the collection name right?");
                }

                // 2. the reference: finished documents of the same shape, inserted raw (also the feed's 100k images)
                String feedTenant = tenant + "-feed";
                long firstSeq = counter(mongo) + 1;
                t = System.nanoTime();
                List<Document> batch = new ArrayList<>(1000);
                for (int i = 0; i < feedImages; i++) {
                    Document doc = new Document(template);
                    doc.put("_id", UUID.randomUUID().toString());
                    doc.put("customer_id", feedTenant);
                    doc.put("feed_seq_gold", firstSeq + i);
                    doc.put("feed_at_gold", new Date());
                    doc.remove("feed_seq_silver"); // the feed measured is gold's; silver numbers are unique too
                    doc.remove("feed_at_silver");
                    batch.add(doc);
                    if (batch.size() == 1000) {
                        images.insertMany(batch);
                        batch = new ArrayList<>(1000);
                    }
                }
                if (!batch.isEmpty()) {
                    images.insertMany(batch);
                }
                double insertSeconds = seconds(t);
                double docsPerSecond = feedImages / insertSeconds;
                mongo.getDatabase("lake")
                        .getCollection("counters")
                        .updateOne(Filters.eq("_id", "feed:gold"), Updates.max("seq", firstSeq + feedImages - 1));

                // 3. the feed over HTTP versus a raw find of the same documents in the same order; each read twice,
                // the first pass warming both JVMs' compilers (a trainer pages a catalog that has been running), the
                // second timed as the goal's
                LakeClient client = new LakeClient(catalog, stack.serviceCredentials());
                double coldFeedSeconds = readFeed(client, feedTenant, page, feedImages);
                double coldFindSeconds = findAll(images, firstSeq, page, feedImages);
                var cpu2 = IngestThroughput.cpuSeconds(stack);
                double feedSeconds = readFeed(client, feedTenant, page, feedImages);
                var cpu3 = IngestThroughput.cpuSeconds(stack);
                double findSeconds = findAll(images, firstSeq, page, feedImages);

                double projectionRatio = eventsPerSecond / docsPerSecond;
                System.out.println();
                System.out.printf("projection (%d images, %d events, 2 consumers):%n", projected, events.size());
                System.out.printf(
                        "  catalog-service  %8.0f events/s  (%6.0f images/s)   %.1f s%n",
                        eventsPerSecond, eventsPerSecond / 3, projection[1]);
                System.out.printf(
                        "  raw insertMany   %8.0f docs/s                         %.1f s for %d%n",
                        docsPerSecond, insertSeconds, feedImages);
                System.out.printf(
                        "  ratio events/s : docs/s = %.2f   (images/s : docs/s = %.2f)%n",
                        projectionRatio, projectionRatio / 3);
                System.out.printf("feed (%d gold images, page %d), first pass (cold JIT):%n", feedImages, page);
                System.out.printf(
                        "  GET /api/v1/feed %8.0f items/s   %.1f s%n", feedImages / coldFeedSeconds, coldFeedSeconds);
                System.out.printf(
                        "  raw find()       %8.0f docs/s    %.1f s%n", feedImages / coldFindSeconds, coldFindSeconds);
                System.out.printf("  ratio = %.2f%n", coldFindSeconds / coldFeedSeconds);
                System.out.printf("feed, second pass (the goal's):%n");
                System.out.printf("  GET /api/v1/feed %8.0f items/s   %.1f s%n", feedImages / feedSeconds, feedSeconds);
                System.out.printf("  raw find()       %8.0f docs/s    %.1f s%n", feedImages / findSeconds, findSeconds);
                double feedRatio = findSeconds / feedSeconds;
                System.out.printf("  ratio = %.2f%n", feedRatio);
                System.out.printf("CPU seconds, projection: %s%n", IngestThroughput.delta(cpu0, cpu1));
                System.out.printf("CPU seconds, feed:       %s%n", IngestThroughput.delta(cpu2, cpu3));
                // the goals: events projected per second against documents inserted raw, and feed items
                // against documents found raw, each on the same server in this run
                BenchResult.atLeast("catalog-projection-vs-insertMany", projectionRatio, 0.5);
                BenchResult.atLeast("catalog-feed-vs-find", feedRatio, 0.7);
            }
        } finally {
            stack.down();
        }
    }

    /** A trainer paging through the whole gold feed; returns the seconds it took. */
    private static double readFeed(LakeClient client, String tenant, int page, int expected) {
        long t = System.nanoTime();
        long items = 0;
        String cursor = null;
        while (true) {
            String path = "/api/v1/feed?zone=gold&limit=" + page
                    + (cursor == null ? "" : "&since=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode body = client.get(tenant, path).json();
            int n = body.get("items").size();
            items += n;
            cursor = body.get("nextCursor").asString();
            if (n == 0) {
                break;
            }
        }
        double seconds = seconds(t);
        if (items != expected) {
            throw new IllegalStateException("the feed returned " + items + " of " + expected + " images");
        }
        return seconds;
    }

    /** The reference: one raw find of the same documents in feed order; returns the seconds it took. */
    private static double findAll(MongoCollection<Document> images, long firstSeq, int batch, int expected) {
        long t = System.nanoTime();
        long found = 0;
        for (Document ignored : images.find(Filters.gte("feed_seq_gold", firstSeq))
                .sort(Sorts.ascending("feed_seq_gold"))
                .batchSize(batch)) {
            found++;
        }
        double seconds = seconds(t);
        if (found != expected) {
            throw new IllegalStateException("find() returned " + found + " of " + expected + " documents");
        }
        return seconds;
    }

    /** Waits until every event is projected; returns {events/s between the first and the last, seconds}. */
    private static double[] awaitProjected(String catalog, int expected) {
        LakeClient client = new LakeClient(catalog);
        long start = 0;
        double first = 0;
        while (true) {
            double done = 0;
            Matcher m =
                    PROJECTED.matcher(client.get(null, "/actuator/prometheus").body());
            while (m.find()) {
                done += Double.parseDouble(m.group(1));
            }
            if (start == 0 && done > 0) {
                start = System.nanoTime();
                first = done;
            }
            if (done >= expected) {
                double s = seconds(start);
                return new double[] {(done - first) / s, s};
            }
            Await.sleep(250);
        }
    }

    private static long counter(MongoClient mongo) {
        Document counter = mongo.getDatabase("lake")
                .getCollection("counters")
                .find(Filters.eq("_id", "feed:gold"))
                .first();
        return counter == null ? 0 : ((Number) counter.get("seq")).longValue();
    }

    /** Three events per image, as the normalizer and ingest-api emit them: captions in Vietnamese, features. */
    private static List<ImageEvent> events(String tenant, int images) {
        List<ImageEvent> events = new ArrayList<>(images * 3);
        Instant now = Instant.now();
        for (int i = 0; i < images; i++) {
            String id = UUID.randomUUID().toString();
            String caption = "Ảnh số " + i + " chụp hoàng hôn trên biển Nha Trang cùng gia đình";
            events.add(TestEvents.ingested(tenant, id)
                    .bronze(new ObjectRef("bronze", ObjectKeys.bronze(tenant, now, id)))
                    .bytes(2_400_000)
                    .declaredContentType("image/jpeg")
                    .caption(caption)
                    .tags(List.of("beach", "family"))
                    .capturedAt(now)
                    .device("Pixel 8")
                    .attributes(Map.of("app", "mobile"))
                    .at(now)
                    .build());
            events.add(TestEvents.normalized(tenant, id)
                    .silver(new ObjectRef("silver", ObjectKeys.silver(tenant, id, "v1")))
                    .size(1024, 768)
                    .bytes(180_000)
                    .original(new ImageNormalized.Original(4032, 3024, "jpeg", 1, now, "Google", "Pixel 8"))
                    .caption(new ImageNormalized.Caption(
                            caption,
                            caption.toLowerCase(),
                            List.of("ảnh", "chụp", "hoàng", "hôn", "biển", "nha", "trang", "gia", "đình"),
                            "vi"))
                    .features(
                            new ImageNormalized.Features(Long.toHexString(i * 0x9E3779B97F4A7C15L), 210.5, 0.47, 0.21))
                    .at(now)
                    .build());
            events.add(new ImagePromoted(
                    ImageEvent.CURRENT_SCHEMA_VERSION,
                    UUID.randomUUID().toString(),
                    id,
                    tenant,
                    "v1",
                    new ObjectRef("gold", ObjectKeys.gold(tenant, id, "v1")),
                    now));
        }
        return events;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
