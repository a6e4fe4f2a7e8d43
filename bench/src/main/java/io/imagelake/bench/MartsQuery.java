package io.imagelake.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.imagelake.contracts.CatalogColumns;
import io.imagelake.devstack.Endpoints;
import io.imagelake.devstack.Stack;
import io.imagelake.devstack.demo.LakeClient;
import io.imagelake.devstack.process.Await;
import io.imagelake.testing.TrinoFixtures;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.bson.Document;

/**
 * The analysts' question on the gold marts against the same question on the raw catalog, in one
 * run, on a stack of its own (S3, the Mongo wire server, PostgreSQL, Trino and query-service):
 * <ol>
 *   <li>loads {@code --images} synthetic catalog documents (200 tenants with Zipf-like volumes, 90
 *       days, realistic formats, sources, verdicts, sizes and latencies), as catalog-service writes them;</li>
 *   <li>waits for query-service's scheduled refresh to bring the marts up to them: the refresh's cost;</li>
 *   <li>{@code GET /api/v1/stats/images} over 30 days by day × customer × format, as an admin:
 *       p50/p95 from the marts, against the same aggregation over {@code mongodb.lake.images};</li>
 *   <li>freshness under steady writes: a catalog document written every few seconds, and how long
 *       until the marts show it.</li>
 * </ol>
 */
public final class MartsQuery {

    private static final String ADMIN = "bench-ops";
    private static final String[] FORMATS = {"jpeg", "png", "webp", "heic"};
    private static final double[] FORMAT_SHARE = {0.70, 0.20, 0.07, 0.03};
    private static final String[] SOURCES = {"UPLOAD", "STREAM", "IMPORT"};
    private static final double[] SOURCE_SHARE = {0.60, 0.30, 0.10};
    private static final String[] STATUSES = {"PROMOTED", "REJECTED", "DUPLICATE", "NEAR_DUPLICATE"};
    private static final double[] STATUS_SHARE = {0.85, 0.08, 0.05, 0.02};
    private static final String[] REASONS = {"CORRUPT", "TOO_SMALL", "UNSUPPORTED_FORMAT", "BLURRY"};

    public static void main(String[] args) throws Exception {
        Map<String, String> options = IngestThroughput.options(args);
        int images = Integer.parseInt(options.getOrDefault("images", "1000000"));
        int tenants = Integer.parseInt(options.getOrDefault("tenants", "200"));
        int queries = Integer.parseInt(options.getOrDefault("queries", "20"));
        int rawQueries = Integer.parseInt(options.getOrDefault("raw-queries", "5"));
        Duration steady =
                Duration.parse("PT" + options.getOrDefault("steady", "3m").toUpperCase());

        Stack stack = BenchStacks.fresh("marts-stack");
        try {
            stack.upInfrastructure(name -> !name.equals("kafka"));
            Endpoints endpoints = stack.endpoints();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            try (MongoClient mongo = MongoClients.create(endpoints.mongoUri())) {
                var db = mongo.getDatabase("lake");
                TrinoFixtures.publishCatalogSchema(db);
                MongoCollection<Document> catalog = db.getCollection(CatalogColumns.COLLECTION);
                long t = System.nanoTime();
                load(catalog, images, tenants, now);
                System.out.printf("loaded %d catalog documents of %d tenants in %.1f s%n", images, tenants, seconds(t));

                // query-service's scheduled refresh takes them into the marts
                t = System.nanoTime();
                stack.upServices(
                        spec -> spec.name().equals("query-service")
                                || spec.name().equals("gateway"),
                        // 30 days x 200 tenants x 4 formats is more rows than the API's default limit
                        Map.of("LAKE_QUERY_ADMIN_TENANTS", ADMIN, "LAKE_QUERY_MAX_ROWS", "100000"));
                long first = awaitRefreshed(endpoints, images, Duration.ofMinutes(60));
                System.out.printf(
                        "the first refresh (every mart, from nothing) took %d ms; the marts held all %d images %.1f s"
                                + " after query-service started%n",
                        first, images, seconds(t));

                // the analysts' question: 30 days by day x customer x format, from the marts through the API
                LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
                String path =
                        "/api/v1/stats/images?groupBy=day,customer,format&from=" + today.minusDays(30) + "&to=" + today;
                LakeClient query =
                        new LakeClient("http://127.0.0.1:" + stack.ports().query(), stack.serviceCredentials());
                LakeClient.Answer warmUp = query.get(ADMIN, path);
                if (warmUp.status() != 200) {
                    throw new IllegalStateException("stats answered " + warmUp.status() + ": " + warmUp.body());
                }
                int rows = warmUp.json().get("rows").size();
                double[] marts = new double[queries];
                for (int i = 0; i < queries; i++) {
                    long q = System.nanoTime();
                    LakeClient.Answer answer = query.get(ADMIN, path);
                    marts[i] = (System.nanoTime() - q) / 1e6;
                    if (answer.status() != 200) {
                        throw new IllegalStateException("stats answered " + answer.status() + ": " + answer.body());
                    }
                }
                // the same aggregation over the raw catalog, through the same Trino (the API's to= date is inclusive)
                String raw = "SELECT CAST(date(created_at) AS varchar), customer_id, format, count(*), sum(bytes)"
                        + " FROM mongodb.lake.images WHERE created_at >= TIMESTAMP '" + today.minusDays(30)
                        + " 00:00:00' AND created_at < TIMESTAMP '" + today.plusDays(1) + " 00:00:00' GROUP BY 1, 2, 3";
                double[] direct = new double[rawQueries];
                int rawRows = 0;
                for (int i = 0; i < rawQueries; i++) {
                    long q = System.nanoTime();
                    rawRows = rows(endpoints.trinoUrl(), raw);
                    direct[i] = (System.nanoTime() - q) / 1e6;
                }
                System.out.printf(
                        "30 days by day x customer x format: marts %d rows, p50 %.0f ms, p95 %.0f ms (%d queries);"
                                + " raw %d rows, p50 %.0f ms, p95 %.0f ms (%d queries)%n",
                        rows,
                        percentile(marts, 0.5),
                        percentile(marts, 0.95),
                        queries,
                        rawRows,
                        percentile(direct, 0.5),
                        percentile(direct, 0.95),
                        rawQueries);

                if (rows != rawRows) {
                    throw new IllegalStateException(
                            "the marts answered " + rows + " groups, the raw catalog " + rawRows);
                }
                // freshness: once the load is out of the refresh's lookback (each refresh then reads a few documents),
                // one catalog write every 5 s, each awaited in the marts
                awaitLoadOutOfLookback(endpoints, now, Duration.ofMinutes(10));
                List<Double> lags = freshness(catalog, endpoints, steady);
                long incremental = count(
                        endpoints.trinoUrl(),
                        "SELECT CAST(approx_percentile(duration_ms, 0.5) AS bigint) FROM iceberg.marts.refresh_log"
                                + " WHERE changed_images < 100");
                System.out.printf(
                        "an incremental refresh (a few changed documents) takes %d ms (median)%n", incremental);
                double[] lag = lags.stream().mapToDouble(Double::doubleValue).toArray();
                System.out.printf(
                        "freshness over %s of steady writes: %d documents, lag p50 %.1f s, max %.1f s%n",
                        steady, lag.length, percentile(lag, 0.5), percentile(lag, 1.0));

                BenchResult.atMost("stats-30d-day-customer-format-p95-ms", percentile(marts, 0.95), 1000);
                BenchResult.atLeast(
                        "stats-marts-vs-raw-speedup-p95", percentile(direct, 0.95) / percentile(marts, 0.95), 5);
                BenchResult.atMost("marts-freshness-lag-max-s", percentile(lag, 1.0), 60);
            }
        } finally {
            stack.down();
        }
    }

    /** Synthetic catalog documents in batches, shaped as catalog-service's projector writes them. */
    private static void load(MongoCollection<Document> catalog, int images, int tenants, Instant now) {
        SplittableRandom random = new SplittableRandom(42);
        double[] weights = new double[tenants];
        for (int i = 0; i < tenants; i++) {
            weights[i] = 1.0 / (i + 1); // Zipf: a few big customers, a long tail
        }
        double total = Arrays.stream(weights).sum();
        for (int i = 0; i < tenants; i++) {
            weights[i] /= total;
        }
        List<Document> batch = new ArrayList<>();
        Date changed = Date.from(now);
        for (int i = 0; i < images; i++) {
            String tenant = "tenant-" + pick(random, weights);
            Instant received =
                    now.minusSeconds(random.nextLong(Duration.ofDays(90).toSeconds()));
            String status = STATUSES[pick(random, STATUS_SHARE)];
            long bytes = (long) Math.exp(12 + random.nextDouble() * 3.5); // ~160 KB to ~5 MB
            long latency = 300 + (long) (random.nextDouble() * random.nextDouble() * 8000);
            Instant normalized = received.plusMillis(latency);
            String id = UUID.randomUUID().toString();
            Document doc = new Document(CatalogColumns.ID, id)
                    .append(CatalogColumns.CUSTOMER_ID, tenant)
                    .append(CatalogColumns.SOURCE, SOURCES[pick(random, SOURCE_SHARE)])
                    .append(CatalogColumns.FORMAT, FORMATS[pick(random, FORMAT_SHARE)])
                    .append(CatalogColumns.STATUS, status)
                    .append(CatalogColumns.BYTES, bytes)
                    .append(CatalogColumns.CREATED_AT, Date.from(received))
                    .append(CatalogColumns.SOURCE_TIME, Date.from(received))
                    .append(CatalogColumns.UPDATED_AT, Date.from(normalized))
                    .append(CatalogColumns.CHANGED_AT, changed)
                    .append(CatalogColumns.TAGS, List.of("tag-" + random.nextInt(50)))
                    .append(
                            CatalogColumns.LINEAGE,
                            List.of(
                                    step("ImageIngested", null, "bronze", received),
                                    step("ImageNormalized", "bronze", "silver", normalized)));
            Document zones = new Document("bronze", new Document("bytes", bytes).append("at", Date.from(received)));
            if (status.equals("REJECTED")) {
                doc.append(
                        CatalogColumns.REASONS,
                        List.of(new Document("code", REASONS[random.nextInt(REASONS.length)]).append("detail", "")));
            } else {
                int width = 1024;
                int height = 512 + random.nextInt(512);
                zones.append(
                        "silver",
                        new Document("bytes", bytes / 8)
                                .append("width", width)
                                .append("height", height)
                                .append("format", "jpeg")
                                .append("at", Date.from(normalized)));
                doc.append(CatalogColumns.NORMALIZED_AT, Date.from(normalized))
                        .append(CatalogColumns.PIPELINE_VERSION, "v1")
                        .append(CatalogColumns.WIDTH, width)
                        .append(CatalogColumns.HEIGHT, height)
                        .append(
                                CatalogColumns.FEATURES,
                                new Document("phash", Long.toHexString(random.nextLong()))
                                        .append("blur", random.nextDouble())
                                        .append("brightness", random.nextDouble())
                                        .append("contrast", random.nextDouble()))
                        .append(
                                CatalogColumns.CAPTION,
                                new Document("language", random.nextBoolean() ? "en" : "vi")
                                        .append("tokens", List.of("a", "b", "c")));
                if (!status.equals("PROMOTED")) {
                    doc.append(CatalogColumns.DUPLICATE_OF, UUID.randomUUID().toString());
                } else {
                    zones.append("gold", new Document("at", Date.from(normalized.plusMillis(200))));
                }
            }
            batch.add(doc.append(CatalogColumns.ZONES, zones));
            if (batch.size() == 5000) {
                catalog.insertMany(batch);
                batch.clear();
                if ((i + 1) % 100_000 == 0) {
                    System.out.printf("  %d documents loaded%n", i + 1);
                }
            }
        }
        if (!batch.isEmpty()) {
            catalog.insertMany(batch);
        }
    }

    private static Document step(String event, String from, String to, Instant at) {
        return new Document("event", event)
                .append("event_id", UUID.randomUUID().toString())
                .append("from", from)
                .append("to", to)
                .append("at", Date.from(at));
    }

    private static int pick(SplittableRandom random, double[] shares) {
        double r = random.nextDouble();
        for (int i = 0; i < shares.length - 1; i++) {
            r -= shares[i];
            if (r < 0) {
                return i;
            }
        }
        return shares.length - 1;
    }

    /** Waits until a refresh has read all {@code images} (it logs itself when done); returns its duration. */
    private static long awaitRefreshed(Endpoints endpoints, long images, Duration timeout) throws Exception {
        return awaitRefresh(endpoints, "changed_images >= " + images, timeout);
    }

    /**
     * Waits until a refresh logged a watermark from which the next one no longer reads the load
     * again (the watermark minus the lookback, 2 minutes, is past it).
     */
    private static void awaitLoadOutOfLookback(Endpoints endpoints, Instant loaded, Duration timeout) throws Exception {
        awaitRefresh(
                endpoints,
                "watermark - INTERVAL '2' MINUTE > TIMESTAMP '"
                        + loaded.toString().replace('T', ' ').replace("Z", "") + "'",
                timeout);
    }

    private static long awaitRefresh(Endpoints endpoints, String condition, Duration timeout) throws Exception {
        String sql = "SELECT coalesce(max(duration_ms), -1) FROM iceberg.marts.refresh_log WHERE " + condition;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                long took = count(endpoints.trinoUrl(), sql);
                if (took >= 0) {
                    return took;
                }
            } catch (SQLException notYetCreated) {
                // the first refresh creates the tables
            }
            Await.sleep(2000);
        }
        throw new IllegalStateException("no refresh with " + condition + " within " + timeout);
    }

    private static List<Double> freshness(MongoCollection<Document> catalog, Endpoints endpoints, Duration steady)
            throws Exception {
        List<Double> lags = new ArrayList<>();
        long end = System.nanoTime() + steady.toNanos();
        while (System.nanoTime() < end) {
            String id = "fresh-" + UUID.randomUUID();
            Instant written = Instant.now();
            catalog.insertOne(new Document(CatalogColumns.ID, id)
                    .append(CatalogColumns.CUSTOMER_ID, "tenant-fresh")
                    .append(CatalogColumns.SOURCE, "UPLOAD")
                    .append(CatalogColumns.FORMAT, "jpeg")
                    .append(CatalogColumns.STATUS, "RECEIVED")
                    .append(CatalogColumns.BYTES, 1000L)
                    .append(CatalogColumns.CREATED_AT, Date.from(written))
                    .append(CatalogColumns.CHANGED_AT, Date.from(written)));
            while (count(
                            endpoints.trinoUrl(),
                            "SELECT count(*) FROM iceberg.marts.images WHERE image_id = '" + id + "'")
                    == 0) {
                Await.sleep(500);
            }
            lags.add(Duration.between(written, Instant.now()).toMillis() / 1000.0);
            Await.sleep(5000);
        }
        return lags;
    }

    private static long count(String trinoUrl, String sql) throws Exception {
        try (Connection trino = DriverManager.getConnection(trinoUrl, "admin", null);
                Statement statement = trino.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    private static int rows(String trinoUrl, String sql) throws Exception {
        try (Connection trino = DriverManager.getConnection(trinoUrl, "admin", null);
                Statement statement = trino.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            int n = 0;
            while (rows.next()) {
                n++;
            }
            return n;
        }
    }

    /** The nearest-rank percentile ({@code p} 0.5: the median of an odd count). */
    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1))];
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
