package io.imagelake.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagelake.contracts.ImageIds;
import io.imagelake.contracts.Topics;
import io.imagelake.devstack.Stack;
import io.imagelake.devstack.StackLayout;
import io.imagelake.devstack.StackPorts;
import io.imagelake.devstack.demo.LakeClient;
import io.imagelake.devstack.images.SyntheticImages;
import io.imagelake.devstack.infra.KafkaSecurity;
import io.imagelake.devstack.infra.PrometheusServer;
import io.imagelake.devstack.process.Await;
import io.imagelake.testing.PrometheusSamples;
import io.imagelake.testing.ServerSentEvents;
import io.imagelake.testing.TrinoFixtures;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole platform, started exactly as {@code ./lake up} starts it (on free ports, beside any
 * running local stack), driven as the mobile app and an analyst would: through the gateway only.
 */
class PlatformIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String ACME = "acme-" + RUN;
    private static final String GLOBEX = "globex-" + RUN;
    private static final int IMAGES = 20;

    private static Stack stack;
    private static OtlpTraceReceiver traces;
    private static LakeClient client;
    private static LakeClient.Credentials keys;
    private static final Map<String, String> TENANT_OF = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    @BeforeAll
    static void startPlatform() {
        StackLayout layout = new StackLayout(
                StackLayout.findRepo(), Path.of("target", "e2e-lake").toAbsolutePath());
        // the services export their spans here, as to Jaeger
        traces = new OtlpTraceReceiver();
        stack = new Stack(
                layout,
                StackPorts.free(),
                Map.of("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", traces.endpoint()),
                false,
                List.of("-XX:TieredStopAtLevel=1"),
                line -> System.out.println("[platform] " + line));
        long t0 = System.nanoTime();
        stack.up();
        System.out.printf("[platform] all healthy in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        // every tenant of the tests gets its own API key from the local admin, as a client would
        keys = stack.admin().tenantKeys();
        client = new LakeClient(stack.gatewayUrl(), keys);
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.down();
        }
        if (traces != null) {
            traces.close();
        }
    }

    @Test
    void theFrontDoorVerifiesEveryCallerAndNoServiceTrustsAHeader() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        BiFunction<String, String[], Integer> status = (url, headers) -> {
            var request = HttpRequest.newBuilder(URI.create(url)).GET();
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            try {
                return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        String key = stack.admin().tenantKeys().bearerFor("frontdoor-" + RUN);

        assertThat(status.apply(stack.gatewayUrl() + "/api/v1/images", new String[] {"X-Customer-Id", ACME}))
                .isEqualTo(401);
        assertThat(status.apply(
                        "http://127.0.0.1:" + stack.ports().catalog() + "/api/v1/images",
                        new String[] {"X-Customer-Id", ACME}))
                .as("straight to a service with a header only")
                .isEqualTo(401);
        assertThat(status.apply(
                        "http://127.0.0.1:" + stack.ports().ingest1() + "/api/v1/imports/x",
                        new String[] {"Authorization", "Bearer " + key}))
                .as("an API key is no internal token")
                .isEqualTo(401);
        JsonNode listing = LakeClient.JSON.readTree(http.send(
                        HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api/v1/images?limit=5"))
                                .header("Authorization", "Bearer " + key)
                                .header("X-Customer-Id", ACME)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        assertThat(listing.get("items"))
                .as("a spoofed X-Customer-Id beside a key shows the key's tenant only")
                .isEmpty();
    }

    @Test
    void aReUploadOfAnErasedPictureIsANewImageNotADuplicateOfTheErasedOne() {
        String tenant = "erase-" + RUN;
        byte[] picture = SyntheticImages.jpeg(4242, 1600, 1200);
        LakeClient.Answer first = client.upload(tenant, picture, "p.jpg", "image/jpeg", null, "erase-1-" + RUN);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        String firstId = first.json().get("imageId").asString();
        assertThat(awaitTerminal(tenant, firstId).get("status").asString()).isEqualTo("PROMOTED");

        assertThat(client.delete(tenant, "/api/v1/images/" + firstId).status()).isEqualTo(204);
        LakeClient.Answer again = client.upload(tenant, picture, "p.jpg", "image/jpeg", null, "erase-2-" + RUN);
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        JsonNode image = awaitTerminal(tenant, again.json().get("imageId").asString());

        assertThat(image.get("status").asString()).as("%s", image).isEqualTo("PROMOTED");
        assertThat(image.has("duplicateOf") && !image.get("duplicateOf").isNull())
                .isFalse();
        PrometheusSamples metrics = PrometheusSamples.parse(
                new LakeClient("http://127.0.0.1:" + stack.ports().normalizer())
                        .get(null, "/actuator/prometheus")
                        .body());
        assertThat(metrics.sum("lake_normalizer_duplicates_stale_total", "index", "exact"))
                .as("the stale index entry is counted")
                .isGreaterThanOrEqualTo(1);
    }

    private static JsonNode awaitTerminal(String tenant, String imageId) {
        return awaitImage(
                tenant,
                imageId,
                "a verdict",
                body -> body.get("status").asString().matches("PROMOTED|REJECTED|DUPLICATE"));
    }

    /**
     * The broker as a partner meets it: no client without credentials gets in, a wrong password is
     * refused, the partner's principal writes the image stream (and its record becomes an image)
     * but no internal topic.
     */
    @Test
    void kafkaAdmitsOnlyKnownPrincipalsAndThePartnerWritesOnlyTheImageStream() throws Exception {
        String bootstrap = stack.endpoints().kafkaBootstrap();
        Map<String, Object> partner = stack.kafkaClientProperties(KafkaSecurity.PARTNER);
        String tenant = "partner-" + RUN;

        assertThatThrownBy(() -> produce(bootstrap, Map.of(), Topics.INCOMING, tenant, "anonymous"))
                .as("a client without credentials")
                .hasRootCauseInstanceOf(TimeoutException.class);
        Map<String, Object> wrongPassword = new HashMap<>(partner);
        wrongPassword.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"partner\" password=\"guessed\";");
        assertThatThrownBy(() -> produce(bootstrap, wrongPassword, Topics.INCOMING, tenant, "guessed"))
                .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        assertThatThrownBy(() -> produce(bootstrap, partner, Topics.INGESTED, tenant, "forged"))
                .as("an internal topic")
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);

        produce(bootstrap, partner, Topics.INCOMING, tenant, "partner-1");
        String imageId = ImageIds.forStreamRecord(tenant, "partner-1");
        assertThat(awaitStatus(tenant, imageId, "PROMOTED").get("source").asString())
                .isEqualTo("STREAM");
    }

    private static void produce(
            String bootstrap, Map<String, Object> security, String topic, String tenant, String recordId)
            throws Exception {
        produce(bootstrap, security, topic, tenant, recordId, Map.of());
    }

    private static void produce(
            String bootstrap,
            Map<String, Object> security,
            String topic,
            String tenant,
            String recordId,
            Map<String, String> headers)
            throws Exception {
        Map<String, Object> config = new HashMap<>(security);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            var record = new ProducerRecord<String, byte[]>(
                    topic, recordId, SyntheticImages.jpeg(recordId.hashCode(), 1200, 900));
            record.headers().add("customer-id", tenant.getBytes(StandardCharsets.UTF_8));
            record.headers().add("source-record-id", recordId.getBytes(StandardCharsets.UTF_8));
            headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            try {
                producer.send(record).get(20, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /**
     * The API as clients read it: one OpenAPI 3.1 document at the gateway, equal to the committed
     * {@code docs/openapi.json} (which the gateway's route test checks against its routes), clean
     * under Redocly's rules, and shown by Swagger UI.
     */
    @Test
    void theApiIsDescribedInOneLintedOpenApiDocumentEqualToTheCommittedOne() throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        var served = http.send(
                HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v3/api-docs"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        JsonNode document = LakeClient.JSON.readTree(served.body());
        assertThat(document.get("openapi").asString()).isEqualTo("3.1.0");
        assertThat(document.at("/components/securitySchemes/apiKey/scheme").asString())
                .isEqualTo("bearer");
        assertThat(document.at("/paths/~1api~1v1~1images/post/security/0/apiKey/0")
                        .asString())
                .isEqualTo("images:write");
        assertThat(document.at("/paths/~1api~1v1~1images/get/responses/401/content")
                        .has("application/problem+json"))
                .isTrue();

        Path repo = StackLayout.findRepo();
        Path written = Path.of("target", "openapi.json").toAbsolutePath();
        Files.writeString(written, served.body());
        RedoclyLint.Outcome lint = RedoclyLint.lint(repo, written);
        assertThat(lint.exitCode())
                .as("redocly lint of %s:%n%s", written, lint.output())
                .isZero();

        JsonNode committed = LakeClient.JSON.readTree(Files.readString(repo.resolve("docs/openapi.json")));
        assertThat(document)
                .as(
                        "the served description differs from docs/openapi.json: review the change and copy %s there",
                        written)
                .isEqualTo(committed);

        var ui = http.send(
                HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/swagger-ui"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
    }

    /**
     * Twenty images of two tenants uploaded through the gateway, each PROMOTED: made once, by
     * whichever test needs them first, so every test runs alone and in any order.
     */
    private static synchronized Map<String, String> promoted() throws Exception {
        if (!TENANT_OF.isEmpty()) {
            return TENANT_OF;
        }
        Map<String, String> uploaded = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> uploads = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            int seed = i;
            uploads.add(pool.submit(() -> {
                String tenant = seed % 3 == 0 ? GLOBEX : ACME;
                boolean png = seed % 4 == 1;
                byte[] image =
                        png ? SyntheticImages.png(500 + seed, 1200, 900) : SyntheticImages.jpeg(500 + seed, 1800, 1200);
                LakeClient.Answer answer = client.upload(
                        tenant,
                        image,
                        "img-" + seed,
                        png ? "image/png" : "image/jpeg",
                        "{\"caption\":\"Ảnh số " + seed + "\",\"tags\":[\"e2e\"]}",
                        "e2e-" + RUN + "-" + seed);
                assertThat(answer.status()).as(answer.body()).isEqualTo(201);
                String id = answer.json().get("imageId").asString();
                uploaded.put(id, tenant);
                return id;
            }));
        }
        for (Future<String> upload : uploads) {
            upload.get();
        }
        pool.shutdown();
        assertThat(uploaded).hasSize(IMAGES);
        uploaded.forEach((id, tenant) -> awaitStatus(tenant, id, "PROMOTED"));
        TENANT_OF.putAll(uploaded);
        return TENANT_OF;
    }

    /**
     * The trainers' Python client (clients/python, on Debian's python3 and python3-torch) against
     * this platform: it resumes the gold feed where a stopped reader left it, downloads a dataset
     * version with its checksums, and trains a toy PyTorch loop over the version's train split with
     * two DataLoader workers reading every sample once.
     */
    @Test
    void thePythonTrainerClientResumesTheFeedDownloadsAVersionAndTrainsAToyLoop() throws Exception {
        long acmeImages = promoted().values().stream().filter(ACME::equals).count();
        LakeClient.Answer created =
                client.postJson(ACME, "/api/v1/datasets", "{\"name\":\"trainer\",\"filter\":{\"tag\":\"e2e\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        long version = created.json().get("version").asLong();
        JsonNode published = awaitJson(
                ACME,
                "/api/v1/datasets/trainer/versions/" + version,
                body -> "PUBLISHED".equals(body.get("state").asString()));
        assertThat(published.get("images").asLong()).isGreaterThanOrEqualTo(acmeImages);
        assertThat(published.get("splitCounts").get("train").asInt()).isPositive();

        PythonTrainerClient.Outcome run = PythonTrainerClient.runSuite(
                StackLayout.findRepo(),
                Map.of(
                        "IMAGELAKE_URL", stack.gatewayUrl(),
                        "IMAGELAKE_API_KEY", keys.bearerFor(ACME),
                        "IMAGELAKE_DATASET", "trainer",
                        "IMAGELAKE_VERSION", Long.toString(version)),
                Duration.ofMinutes(10));
        System.out.println("[python client]\n" + run.output());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.skippedAny())
                .as("nothing skipped (torch missing?):%n%s", run.output())
                .isFalse();
        assertThat(run.testsRun()).as(run.output()).isEqualTo(12);
    }

    @Test
    void aRealTusClientCutThreeTimesMidBodyResumesAndTheImageReachesSilverOnce() throws Exception {
        String tenant = "mobile-" + RUN;
        byte[] image = SyntheticImages.jpeg(4242, 1600, 1200);
        Path file = Files.createTempFile("tus-", ".jpg");
        Files.write(file, image);
        Path tusClient = StackLayout.findRepo().resolve("tools/tus-client");
        assertThat(tusClient.resolve("node_modules/tus-js-client"))
                .as("tus-js-client is installed (./lake test runs npm ci --prefix tools/tus-client)")
                .exists();
        ProcessBuilder node = new ProcessBuilder("node", "interrupted-upload.mjs").directory(tusClient.toFile());
        node.environment()
                .putAll(Map.of(
                        "IMAGELAKE_URL", stack.gatewayUrl(),
                        "IMAGELAKE_API_KEY", keys.bearerFor(tenant),
                        "TUS_FILE", file.toString(),
                        "TUS_CHUNK_BYTES", Integer.toString(Math.max(4 * 1024, image.length / 6)),
                        "TUS_CUT_PATCHES", "2,3,4"));

        ClientProcess.Run run = ClientProcess.run(node, Duration.ofMinutes(2));
        System.out.println("[tus-js-client] " + run.output());

        assertThat(run.exitCode()).as(run.output()).isZero();
        String[] lines = run.output().strip().split("\n");
        JsonNode result = LakeClient.JSON.readTree(lines[lines.length - 1]);
        assertThat(result.get("outcome").asString()).isEqualTo("finished");
        assertThat(result.get("cuts")).as("three PATCH bodies cut halfway").hasSize(3);
        List<Long> resumedFrom = new ArrayList<>();
        result.get("resumedFrom").forEach(offset -> resumedFrom.add(offset.asLong()));
        assertThat(resumedFrom)
                .as("each cut is resumed where the bytes kept end, never from zero: %s", result)
                .hasSizeGreaterThanOrEqualTo(3)
                .allMatch(offset -> offset > 0 && offset < image.length);
        String imageId = result.get("imageId").asString();
        assertThat(imageId).as("the final PATCH's Image-Id").isNotBlank();

        JsonNode promoted = awaitStatus(tenant, imageId, "PROMOTED");
        assertThat(promoted.get("zones").get("bronze").get("sha256").asString())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(image)));
        assertThat(promoted.get("caption").get("original").asString()).isEqualTo("resumable");
        JsonNode listing = client.get(tenant, "/api/v1/images?limit=10").json();
        assertThat(listing.get("items"))
                .as("one upload, one image: %s", listing)
                .hasSize(1);
    }

    @Test
    void twentyUploadsThroughTheGatewayAllReachSilverAndGold() throws Exception {
        for (var image : promoted().entrySet()) {
            JsonNode entry = awaitStatus(image.getValue(), image.getKey(), "PROMOTED");
            JsonNode silver = entry.get("zones").get("silver");
            assertThat(entry.get("zones").get("gold").get("url").asString()).contains("/gold/");
            assertThat(entry.get("features").get("phash").asString()).matches("[0-9a-f]{16}");
            assertThat(Math.max(
                            silver.get("width").asInt(), silver.get("height").asInt()))
                    .isEqualTo(1024);
            assertThat(entry.get("caption").get("original").asString()).startsWith("Ảnh số");
            assertThat(entry.get("tags").get(0).asString()).isEqualTo("e2e");
        }
    }

    /**
     * A mobile app follows its tenant's events through the gateway as server-sent events: the
     * stream stays open past any response timeout and carries the upload's promotion, and only its
     * own tenant's.
     */
    @Test
    void anAppLearnsItsUploadWasPromotedFromItsEventStreamThroughTheGateway() throws Exception {
        String tenant = "sse-" + RUN;
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api/v1/events"))
                .timeout(Duration.ofMinutes(3)) // an event that never comes fails the test, not the build
                .header("Authorization", "Bearer " + keys.bearerFor(tenant))
                .header("Accept", "text/event-stream")
                .build();
        try (ServerSentEvents stream = ServerSentEvents.open(http, request)) {
            assertThat(stream.response().statusCode()).isEqualTo(200);
            assertThat(stream.next().name()).isEqualTo("ready");
            promoted(); // other tenants' images, whose events this stream must not carry
            LakeClient.Answer upload = client.upload(
                    tenant,
                    SyntheticImages.jpeg(4242, 1600, 1200),
                    "followed.jpg",
                    "image/jpeg",
                    "{\"caption\":\"followed\"}",
                    "sse-" + RUN);
            assertThat(upload.status()).as(upload.body()).isEqualTo(201);
            String id = upload.json().get("imageId").asString();

            List<String> seen = new ArrayList<>();
            for (ServerSentEvents.Event event = stream.next(); ; event = stream.next()) {
                JsonNode data = LakeClient.JSON.readTree(event.data()).get("data");
                assertThat(data.get("customerId").asString()).isEqualTo(tenant);
                seen.add(event.name());
                if (event.name().equals("image.promoted")) {
                    assertThat(data.get("imageId").asString()).isEqualTo(id);
                    break;
                }
            }
            // normalized and promoted travel on two topics: either may come first
            assertThat(seen).isSubsetOf("image.normalized", "image.promoted");
        }
    }

    @Test
    void presignedSilverUrlsServeTheNormalizedJpegAndItsThumbnail() throws Exception {
        String id = promoted().keySet().iterator().next();
        JsonNode silver = client.get(promoted().get(id), "/api/v1/images/" + id)
                .json()
                .get("zones")
                .get("silver");

        byte[] jpeg = client.download(silver.get("url").asString());

        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jpeg)))
                .isEqualTo(silver.get("sha256").asString());
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(decoded.getWidth()).isEqualTo(silver.get("width").asInt());
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(
                client.download(silver.get("thumbnailUrl").asString())));
        assertThat(Math.max(thumbnail.getWidth(), thumbnail.getHeight()))
                .as("the thumbnail's long edge (lake.normalizer.thumbnail-long-edge)")
                .isEqualTo(256);
    }

    @Test
    void statsComputedByTrinoCountEveryImageOfTheTenantOnly() throws Exception {
        long acme = promoted().values().stream().filter(ACME::equals).count();

        JsonNode rows = awaitStats(
                ACME,
                "groupBy=customer,status",
                r -> r.size() == 1 && r.get(0).get("count").asLong() == acme);

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("customer").asString()).isEqualTo(ACME);
        assertThat(rows.get(0).get("status").asString()).isEqualTo("PROMOTED");
        assertThat(rows.get(0).get("count").asLong()).isEqualTo(acme);
        assertThat(rows.get(0).get("bytes").asLong()).isPositive();
    }

    @Test
    void promotedImagesReachTheGoldMartsAndATenantsAnalystSeesOnlyItsOwn() throws Exception {
        List<String> acme = promoted().entrySet().stream()
                .filter(e -> ACME.equals(e.getValue()))
                .map(Map.Entry::getKey)
                .toList();
        List<String> globex = promoted().entrySet().stream()
                .filter(e -> GLOBEX.equals(e.getValue()))
                .map(Map.Entry::getKey)
                .toList();
        String acmeIds = "('" + String.join("', '", acme) + "')";
        String allIds = "('" + String.join("', '", promoted().keySet()) + "')";

        // query-service refreshes the marts every 30 s; a refresh commits each mart in turn
        awaitSql(
                ACME,
                "SELECT count(*) FROM iceberg.marts.images WHERE status = 'PROMOTED' AND in_gold" + " AND image_id IN "
                        + acmeIds,
                acme.size());
        awaitSql(
                ACME,
                "SELECT count(DISTINCT image_id) FROM iceberg.marts.image_events WHERE event = 'ImagePromoted'"
                        + " AND image_id IN " + acmeIds,
                acme.size());
        awaitSql(
                ACME,
                "SELECT least(count(*), 1) FROM iceberg.marts.daily_stats WHERE status = 'PROMOTED' AND images > 0",
                1);

        assertThat(sql(ACME, "SELECT count(*) FROM iceberg.marts.images WHERE image_id IN " + allIds))
                .as("%s's analyst sees none of %s's %d images", ACME, GLOBEX, globex.size())
                .isEqualTo(acme.size());
        assertThat(sql("admin", "SELECT count(*) FROM iceberg.marts.images WHERE image_id IN " + allIds))
                .isEqualTo(promoted().size());
        assertThat(sql(
                        ACME,
                        "SELECT count(*) FROM iceberg.marts.images WHERE image_id IN " + acmeIds
                                + " AND silver_width > 0 AND phash IS NOT NULL AND upload_to_silver_ms >= 0"
                                + " AND caption_language IS NOT NULL AND received_at IS NOT NULL"))
                .as("the images' facts from every zone")
                .isEqualTo(acme.size());
    }

    @Test
    void everyChartOfTheSupersetDashboardCountsWhatWentThroughThePlatform() throws Exception {
        String tenant = "dash-" + RUN; // its own tenant, so that every number is this test's
        List<byte[]> uploads = new ArrayList<>(List.of(
                SyntheticImages.jpeg(7001, 900, 600),
                SyntheticImages.jpeg(7002, 1000, 700),
                SyntheticImages.jpeg(7003, 1100, 800)));
        uploads.add(uploads.getFirst()); // the same bytes under another key: a duplicate
        uploads.add(Arrays.copyOf(SyntheticImages.jpeg(7004, 400, 400), 40)); // corrupt: rejected
        List<JsonNode> verdicts = new ArrayList<>();
        for (int i = 0; i < uploads.size(); i++) {
            LakeClient.Answer answer = client.upload(
                    tenant, uploads.get(i), "d" + i + ".jpg", "image/jpeg", null, "dash-" + i + "-" + RUN);
            assertThat(answer.status()).as(answer.body()).isEqualTo(201);
            verdicts.add(awaitTerminal(tenant, answer.json().get("imageId").asString()));
        }
        long bytes = uploads.stream().mapToLong(u -> u.length).sum();
        Map<String, Long> reasons = verdicts.stream()
                .flatMap(v -> v.path("reasons").valueStream())
                .collect(Collectors.groupingBy(r -> r.get("code").asString(), TreeMap::new, Collectors.counting()));
        long duplicates =
                verdicts.stream().filter(v -> !v.get("duplicateOf").isNull()).count();
        long normalized =
                verdicts.stream().filter(v -> v.get("zones").has("silver")).count();
        assertThat(duplicates).as("the fixture has a duplicate").isEqualTo(1);
        assertThat(reasons).as("and a rejection").isNotEmpty();
        // daily_stats is the last mart a refresh commits: once it counts every verdict, every mart does
        awaitSql(
                "admin",
                "SELECT coalesce(sum(images), 0) FROM iceberg.marts.daily_stats WHERE customer_id = '" + tenant
                        + "' AND status IN ('PROMOTED', 'REJECTED', 'DUPLICATE')",
                uploads.size());

        SupersetExport export = SupersetExport.load(StackLayout.findRepo());
        assertThat(chart(export, "Images per day by customer and format", tenant))
                .containsExactly(LocalDate.now(ZoneOffset.UTC) + "|" + tenant + "|jpeg|" + uploads.size());
        assertThat(chart(export, "Share by source", tenant)).containsExactly(tenant + "|UPLOAD|" + uploads.size());
        assertThat(chart(export, "Rejections by reason", tenant))
                .containsExactlyInAnyOrderElementsOf(reasons.entrySet().stream()
                        .map(r -> tenant + "|" + r.getKey() + "|" + r.getValue())
                        .toList());
        assertThat(chart(export, "Duplicates", tenant)).containsExactly(tenant + "|DUPLICATE|" + duplicates);
        List<String> latency = chart(export, "Upload to silver latency p50/p95", tenant);
        assertThat(latency).hasSize(1);
        String[] day = latency.getFirst().split("\\|");
        assertThat(Long.parseLong(day[2])).isPositive().isLessThanOrEqualTo(Long.parseLong(day[3]));
        assertThat(Long.parseLong(day[4])).as("images with a silver rendition").isEqualTo(normalized);
        assertThat(chart(export, "Top tenants by bytes", tenant))
                .containsExactly(tenant + "|" + bytes + "|" + uploads.size());
    }

    @Test
    void lakeSqlOpensTheMartsAsATenantsAnalystOrAsTheAdmin() throws Exception {
        promoted();
        awaitSql(ACME, "SELECT least(count(*), 1) FROM iceberg.marts.images", 1);
        String query = "SELECT count(DISTINCT customer_id), min(customer_id) FROM images";

        assertThat(lakeSql("--tenant", ACME, "-e", query)).isEqualTo("1\t" + ACME);
        assertThat(Long.parseLong(lakeSql("-e", "SELECT count(DISTINCT customer_id) FROM images")))
                .as("the admin analyst sees every tenant")
                .isGreaterThanOrEqualTo(2);
    }

    /** {@code ./lake sql <args> --output-format TSV} against this test's Trino; its output, stripped. */
    private static String lakeSql(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("./lake", "sql"));
        command.addAll(List.of(args));
        command.addAll(List.of("--output-format", "TSV"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(StackLayout.findRepo().toFile())
                // the CLI's own notices (no terminal here) go to the test's log, the rows to the assertion
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("LAKE_TRINO_URL", stack.endpoints().trinoUrl());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.strip();
    }

    /** A chart's rows of one tenant: its dataset's SQL, as Superset runs it on the marts. */
    private static List<String> chart(SupersetExport export, String title, String tenant) throws SQLException {
        String query = "SELECT * FROM (" + export.datasetOf(export.chart(title)).get("sql") + ") WHERE customer_id = '"
                + tenant + "'";
        return TrinoFixtures.rows(stack.endpoints().trinoUrl(), "admin", query);
    }

    /**
     * The stats API's rows once {@code reached} holds of them: they come from the gold marts, which
     * follow the catalog within a refresh (30 s); what the test asserts of them follows.
     */
    private static JsonNode awaitStats(String tenant, String query, Predicate<JsonNode> reached) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        JsonNode rows =
                client.get(tenant, "/api/v1/stats/images?" + query).json().get("rows");
        while (!reached.test(rows) && System.nanoTime() < deadline) {
            Await.sleep(1000);
            rows = client.get(tenant, "/api/v1/stats/images?" + query).json().get("rows");
        }
        return rows;
    }

    private static long sql(String user, String query) throws SQLException {
        try (Connection trino = DriverManager.getConnection(stack.endpoints().trinoUrl(), user, null);
                Statement statement = trino.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            assertThat(rows.next()).isTrue();
            return rows.getLong(1);
        }
    }

    private static void awaitSql(String user, String query, long expected) throws SQLException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        long last = sql(user, query);
        while (last != expected && System.nanoTime() < deadline) {
            Await.sleep(1000);
            last = sql(user, query);
        }
        assertThat(last).as(query).isEqualTo(expected);
    }

    /**
     * Metrics only a rare event creates (Micrometer registers a tagged counter on its first
     * increment): each is asserted where that event is made.
     */
    private static final Map<String, String> ON_FIRST_EVENT = Map.of(
            "lake_kafka_dead_letters_total", "the first dead letter (ImageStreamIT asserts it)",
            "lake_kafka_listener_retries_total", "the first retried record (NormalizationIT's outage test)",
            "lake_gateway_rate_limited_total", "the first refusal (GatewayUploadLimitsIT, with limits small by design)",
            "lake_catalog_sweeper_deletions_total", "the first expired object (RetentionIT, on a moved clock)");

    /** What the Kubernetes probes (deploy/k8s) and compose's healthchecks call answers on every instance. */
    @Test
    void everyServiceInstanceAnswersTheProbesTheDeploymentsCall() {
        for (var spec : stack.services()) {
            LakeClient instance = new LakeClient(spec.baseUrl());
            for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
                LakeClient.Answer answer = instance.get(null, probe);
                assertThat(answer.status()).as(spec.name() + " " + probe).isEqualTo(200);
                assertThat(answer.json().get("status").asString()).isEqualTo("UP");
            }
        }
    }

    @Test
    void theLocalPrometheusScrapesEveryServiceInstanceAndEvaluatesProductionsRules() throws Exception {
        assertThat(PrometheusServer.binary())
                .as("./lake test and .ci/run install Debian's prometheus")
                .isPresent();
        HttpClient http = HttpClient.newHttpClient();
        String prometheus = stack.prometheusUrl();
        int services = stack.services().size();
        // the services, and the infrastructure servers that export metrics: the broker's reporter and Trino
        int infrastructure = 2;
        // scraped every 5 s: wait for every target's first scrape, not a fixed time
        AtomicReference<JsonNode> targets = new AtomicReference<>();
        try {
            Await.healthy(null, Duration.ofSeconds(60), () -> {
                targets.set(json(http, prometheus + "/api/v1/targets?state=active")
                        .path("data")
                        .path("activeTargets"));
                long up = 0;
                for (JsonNode target : targets.get()) {
                    up += "up".equals(target.path("health").asString()) ? 1 : 0;
                }
                return up == services + infrastructure;
            });
        } catch (Await.ComponentFailedException notAllUp) {
            throw new AssertionError("not every target is scraped: " + targets.get(), notAllUp);
        }
        Map<String, Integer> perJob = new TreeMap<>();
        targets.get()
                .forEach(
                        target -> perJob.merge(target.path("labels").path("job").asString(), 1, Integer::sum));
        assertThat(perJob)
                .as("one target per service instance, and Kafka's and Trino's own")
                .isEqualTo(Map.of("imagelake", services, "kafka", 1, "trino", 1));
        // the broker's own (Yammer) metrics and Trino's (JMX) ones, not only the exporters' JVM metrics
        Map<String, List<String>> expected = Map.of(
                "kafka", List.of("kafka_server_brokertopicmetrics_messagesinpersec_total"),
                "trino", List.of("JMX_trino_execution_NAME_QueryManager_ATTRIBUTE_CompletedQueries_TotalCount"));
        expected.forEach((job, names) -> {
            List<String> scraped = new ArrayList<>();
            json(http, prometheus + "/api/v1/label/__name__/values?match[]=%7Bjob%3D%22" + job + "%22%7D")
                    .path("data")
                    .forEach(name -> scraped.add(name.asString()));
            assertThat(scraped).as("metrics scraped from job " + job).containsAll(names);
        });

        JsonNode groups = json(http, prometheus + "/api/v1/rules").path("data").path("groups");
        List<String> loaded = new ArrayList<>();
        groups.forEach(group ->
                group.path("rules").forEach(rule -> loaded.add(rule.path("name").asString())));
        String rules = Files.readString(StackLayout.findRepo().resolve("deploy/prometheus/rules/imagelake.rules.yml"));
        List<String> written = Pattern.compile("- (?:alert|record): (\\S+)")
                .matcher(rules)
                .results()
                .map(m -> m.group(1))
                .toList();
        assertThat(loaded).as("every rule of production's file").containsExactlyInAnyOrderElementsOf(written);
        assertThat(PrometheusServer.firingAlerts(prometheus))
                .as("./lake status can ask which alerts fire")
                .isPresent();
    }

    private static JsonNode json(HttpClient http, String url) {
        return LakeClient.JSON.readTree(
                body(http, HttpRequest.newBuilder(URI.create(url)).build()));
    }

    private static String body(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyMetricADashboardOrAnAlertReadsIsExported() throws Exception {
        // real traffic through every stage: uploads to gold, a duplicate, a rejection, a stats query
        promoted();
        String tenant = "metrics-" + RUN;
        byte[] image = SyntheticImages.jpeg(4242, 640, 480);
        String first = client.upload(tenant, image, "a.jpg", "image/jpeg", null, null)
                .json()
                .get("imageId")
                .asString();
        String again = client.upload(tenant, image, "b.jpg", "image/jpeg", null, null)
                .json()
                .get("imageId")
                .asString();
        String broken = client.upload(tenant, Arrays.copyOf(image, 40), "c.jpg", "image/jpeg", null, null)
                .json()
                .get("imageId")
                .asString();
        awaitStatus(tenant, first, "PROMOTED");
        awaitStatus(tenant, again, "DUPLICATE");
        awaitStatus(tenant, broken, "REJECTED");
        assertThat(client.get(tenant, "/api/v1/stats/images?groupBy=status").status())
                .isEqualTo(200);
        assertThat(client.upload(tenant, "not an image".getBytes(), "d.txt", "text/plain", null, null)
                        .status())
                .isEqualTo(415);
        Path deploy = StackLayout.findRepo().resolve("deploy");
        Map<String, String> readBy = new TreeMap<>();
        DashboardQueries.of(deploy.resolve("grafana/dashboards"))
                .forEach(q -> DashboardQueries.metricsOf(q).forEach(m -> readBy.put(m, "a dashboard: " + q)));
        DashboardQueries.ofRules(deploy.resolve("prometheus/rules/imagelake.rules.yml"))
                .forEach(q -> DashboardQueries.metricsOf(q).forEach(m -> readBy.put(m, "a rule: " + q)));
        readBy.remove("up"); // Prometheus' own, one per scrape target

        assertThat(readBy).hasSizeGreaterThan(20);
        // gauges the catalog refreshes on a schedule appear at its first refresh: scraped until they do
        Map<String, String> missing = new TreeMap<>(readBy);
        try {
            Await.healthy(null, Duration.ofSeconds(120), () -> {
                Set<String> exported = exported();
                missing.keySet().removeIf(name -> exported.contains(name) || ON_FIRST_EVENT.containsKey(name));
                return missing.isEmpty();
            });
        } catch (Await.ComponentFailedException stillMissing) {
            // the assertion below names them
        }
        assertThat(missing)
                .as("metrics read by dashboards and rules that no service exports")
                .isEmpty();
    }

    /**
     * The sample names every service instance exports now, and the local infrastructure's own endpoints (the
     * infrastructure dashboard's Kafka and Trino panels; MinIO and the MongoDB exporter run in docker-compose only).
     */
    private static Set<String> exported() {
        Set<String> exported = new HashSet<>();
        var ports = stack.ports();
        HttpClient http = HttpClient.newHttpClient();
        // scraped as the local Prometheus scrapes them: the same targets, the same credential
        for (PrometheusServer.InfraTarget target : List.of(
                PrometheusServer.InfraTarget.kafka(ports.kafkaMetrics()),
                PrometheusServer.InfraTarget.trino(ports.trino()))) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(URI.create("http://" + target.address() + target.metricsPath()));
            if (target.user() != null) {
                request.header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((target.user() + ":").getBytes(StandardCharsets.UTF_8)));
            }
            PrometheusSamples.parse(body(http, request.build()))
                    .samples()
                    .forEach(sample -> exported.add(sample.name()));
        }
        for (int port : List.of(
                ports.gateway(),
                ports.ingest1(),
                ports.ingest2(),
                ports.catalog(),
                ports.query(),
                ports.normalizer())) {
            PrometheusSamples.parse(new LakeClient("http://127.0.0.1:" + port)
                            .get(null, "/actuator/prometheus")
                            .body())
                    .samples()
                    .forEach(sample -> exported.add(sample.name()));
        }
        return exported;
    }

    @Test
    void theServicesLogJsonLinesThatFollowAnImageAndNeverASecret() throws Exception {
        Map<String, String> images = promoted();
        String imageId = images.keySet().iterator().next();
        String adminKey = stack.admin().adminKey();
        String tenantKey = keys.bearerFor(images.get(imageId)); // the key the uploads used
        // a presigned URL was handed out (its signature is a secret)
        assertThat(client.get(images.get(imageId), "/api/v1/images/" + imageId).body())
                .contains("X-Amz-Signature=");

        List<String> lines = new ArrayList<>();
        for (var service : stack.services()) {
            Path log = stack.layout().log(service.name());
            if (Files.exists(log)) {
                lines.addAll(Files.readAllLines(log));
            }
        }
        List<JsonNode> json = lines.stream()
                .filter(line -> line.startsWith("{"))
                .map(line -> LakeClient.JSON.readTree(line))
                .toList();

        assertThat(json).as("the services log JSON lines").isNotEmpty();
        List<JsonNode> about = json.stream()
                .filter(entry -> entry.has("imageId")
                        && imageId.equals(entry.get("imageId").asString()))
                .toList();
        assertThat(about)
                .as("lines about the image, from ingest-api and the normalizer")
                .extracting(entry -> entry.at("/service/name").asString())
                .contains("ingest-api", "image-normalizer");
        assertThat(about)
                .allSatisfy(entry -> assertThat(entry.get("tenant").asString()).isEqualTo(images.get(imageId)));
        // the upload's lines share one trace across services (a reprocessing job's lines have their own, or none)
        String trace = about.stream()
                .filter(entry -> "ingest-api".equals(entry.at("/service/name").asString()) && entry.has("traceId"))
                .map(entry -> entry.get("traceId").asString())
                .findFirst()
                .orElseThrow(() -> new AssertionError("ingest-api's line about the image has no traceId: " + about));
        assertThat(trace).matches("[0-9a-f]{32}");
        assertThat(about)
                .filteredOn(entry ->
                        "image-normalizer".equals(entry.at("/service/name").asString()))
                .extracting(entry -> entry.has("traceId") ? entry.get("traceId").asString() : "")
                .as("the normalizer's line of the same trace")
                .contains(trace);
        assertThat(lines)
                .as("no log line carries a key, a token or a presigned URL's signature")
                .noneMatch(line -> line.contains(adminKey)
                        || line.contains(tenantKey)
                        || line.contains("X-Amz-Signature")
                        || line.contains("Bearer ey"));
    }

    /**
     * What {@code ./lake dlq} calls: the catalog's dead-letter API through the gateway with the local admin key. A
     * partner record without a usable source-record-id is dead-lettered by ingest-api and listed with its reason.
     */
    @Test
    void aPartnerRecordTheStreamCannotTakeIsListedByTheOperatorsDeadLetterCommand() throws Exception {
        String tenant = "dlq-" + RUN;
        String since = Instant.now().minusSeconds(60).toString();
        produce(
                stack.endpoints().kafkaBootstrap(),
                stack.kafkaClientProperties(KafkaSecurity.PARTNER),
                Topics.INCOMING,
                tenant,
                "r".repeat(300));

        assertThat(stack.admin()
                        .deadLetterTopics()
                        .valueStream()
                        .map(topic -> topic.get("topic").asString()))
                .contains(Topics.INCOMING_DLQ, Topics.deadLetterOf(Topics.INGESTED));
        AtomicReference<JsonNode> listing = new AtomicReference<>();
        Await.healthy(null, Duration.ofSeconds(60), () -> {
            listing.set(stack.admin().deadLetters(Topics.INCOMING_DLQ, since, "MISSING_SOURCE_RECORD_ID"));
            return listing.get()
                    .get("records")
                    .valueStream()
                    .anyMatch(record -> tenant.equals(record.path("tenant").asString()));
        });
        assertThat(listing.get().get("source").asString()).isEqualTo(Topics.INCOMING);
        JsonNode record = listing.get()
                .get("records")
                .valueStream()
                .filter(r -> tenant.equals(r.path("tenant").asString()))
                .findFirst()
                .orElseThrow();
        assertThat(record.get("key").asString()).isEqualTo("r".repeat(300));
        assertThat(record.get("origin").asString()).startsWith(Topics.INCOMING + "/");
        assertThat(stack.admin()
                        .replayDeadLetters(Topics.INCOMING_DLQ, since, "NO_SUCH_REASON")
                        .get("replayed")
                        .asInt())
                .as("a selection that matches nothing replays nothing")
                .isZero();
    }

    /**
     * One upload is one trace: the caller's {@code traceparent} is continued by the gateway, ingest-api (and its
     * Kafka record), the normalizer and the catalog, and every span hangs from the caller's span or another of the
     * trace. Spans are exported over OTLP by each service process, as in production.
     */
    @Test
    void oneUploadIsOneTraceThroughTheGatewayIngestApiTheNormalizerAndTheCatalog() {
        String traceId = randomHex(16);
        String callerSpan = randomHex(8);
        LakeClient traced = client.withHeaders(Map.of("traceparent", "00-" + traceId + "-" + callerSpan + "-01"));
        LakeClient.Answer answer =
                traced.upload(ACME, SyntheticImages.jpeg(4242, 640, 480), "traced.jpg", "image/jpeg", null, null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        awaitStatus(ACME, answer.json().get("imageId").asString(), "PROMOTED");

        List<OtlpTraceReceiver.Span> trace = awaitWholeTrace(
                traceId, callerSpan, Set.of("gateway", "ingest-api", "image-normalizer", "catalog-service"));

        assertThat(trace)
                .filteredOn(span -> span.parentSpanId().equals(callerSpan))
                .extracting(OtlpTraceReceiver.Span::service)
                .as("the gateway's server span is the caller's child")
                .containsOnly("gateway");
        System.out.printf("[platform] one upload's trace %s:%n%s", traceId, describe(trace));
    }

    /** A partner's stream record carrying a {@code traceparent} is one trace through ingest, normalizer and catalog. */
    @Test
    void oneStreamRecordIsOneTraceThroughIngestApiTheNormalizerAndTheCatalog() throws Exception {
        String tenant = "partner-" + RUN;
        String traceId = randomHex(16);
        String producerSpan = randomHex(8);
        produce(
                stack.endpoints().kafkaBootstrap(),
                stack.kafkaClientProperties(KafkaSecurity.PARTNER),
                Topics.INCOMING,
                tenant,
                "traced-1",
                Map.of("traceparent", "00-" + traceId + "-" + producerSpan + "-01"));
        awaitStatus(tenant, ImageIds.forStreamRecord(tenant, "traced-1"), "PROMOTED");

        List<OtlpTraceReceiver.Span> trace =
                awaitWholeTrace(traceId, producerSpan, Set.of("ingest-api", "image-normalizer", "catalog-service"));

        assertThat(trace)
                .filteredOn(span -> span.parentSpanId().equals(producerSpan))
                .extracting(OtlpTraceReceiver.Span::service)
                .containsOnly("ingest-api");
    }

    /**
     * Waits (spans are exported in batches) until the trace has spans of every one of {@code services} and every
     * span's parent is {@code rootParent} or a span of the trace, then returns it; fails with what came otherwise.
     */
    private static List<OtlpTraceReceiver.Span> awaitWholeTrace(
            String traceId, String rootParent, Set<String> services) {
        Predicate<List<OtlpTraceReceiver.Span>> whole = spans -> {
            Set<String> ids = new HashSet<>(List.of(rootParent));
            spans.forEach(span -> ids.add(span.spanId()));
            return spans.stream().map(OtlpTraceReceiver.Span::service).toList().containsAll(services)
                    && spans.stream().allMatch(span -> ids.contains(span.parentSpanId()));
        };
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!whole.test(traces.trace(traceId)) && System.nanoTime() < deadline) {
            Await.sleep(250);
        }
        List<OtlpTraceReceiver.Span> trace = traces.trace(traceId);
        assertThat(whole.test(trace))
                .as("one tree over %s, got:%n%s", services, describe(trace))
                .isTrue();
        return trace;
    }

    private static String describe(List<OtlpTraceReceiver.Span> trace) {
        StringBuilder text = new StringBuilder();
        trace.forEach(span -> text.append(String.format(
                "  %-17s %-9s %-40s %s <- %s%n",
                span.service(), span.kind(), span.name(), span.spanId(), span.parentSpanId())));
        return text.toString();
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    @Test
    void anotherTenantCannotSeeTheImage() throws Exception {
        String acmeImage = promoted().entrySet().stream()
                .filter(e -> e.getValue().equals(ACME))
                .findFirst()
                .orElseThrow()
                .getKey();

        assertThat(client.get(GLOBEX, "/api/v1/images/" + acmeImage).status()).isEqualTo(404);
        assertThat(client.get(null, "/api/v1/images/" + acmeImage).status()).isEqualTo(401);
    }

    @Test
    void aCorruptImageIsAcceptedIntoBronzeThenRejectedWithAReason() {
        String tenant = "corrupt-" + RUN; // its own tenant: ACME's stats and originals stay the fixture's
        byte[] truncated = Arrays.copyOf(SyntheticImages.jpeg(999, 400, 400), 40);
        LakeClient.Answer answer = client.upload(tenant, truncated, "broken.jpg", "image/jpeg", null, null);
        assertThat(answer.status()).isEqualTo(201);

        JsonNode entry = awaitStatus(tenant, answer.json().get("imageId").asString(), "REJECTED");

        assertThat(entry.get("reasons").get(0).get("code").asString()).isEqualTo("CORRUPT");
        assertThat(entry.get("zones").has("silver")).isFalse();
    }

    @Test
    void reprocessingATenantRunsEachOfItsOriginalsAgainAndChangesNothingAtTheSamePipelineVersion() throws Exception {
        LakeClient normalizer = operator();
        assertThat(client.postJson(ACME, "/api/v1/admin/reprocessing", "{\"tenant\":\"" + ACME + "\"}")
                        .status())
                .as("a tenant's key is no operator's")
                .isEqualTo(403);
        Map<String, String> before = new ConcurrentHashMap<>();
        promoted().forEach((id, tenant) -> before.put(id, silverAndLineage(tenant, id)));
        long acmeOriginals = promoted().values().stream().filter(ACME::equals).count();

        // every image already carries v1's verdict: nothing to do unless forced
        LakeClient.Answer started =
                normalizer.postJson(OPERATOR, "/api/v1/admin/reprocessing", "{\"tenant\":\"" + ACME + "\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode skipped = awaitJob(normalizer, started.json().get("id").asString());
        assertThat(skipped.get("skipped").asLong()).isEqualTo(acmeOriginals);
        assertThat(skipped.get("processed").asLong()).isZero();

        JsonNode done = awaitJob(
                normalizer,
                normalizer
                        .postJson(
                                OPERATOR, "/api/v1/admin/reprocessing", "{\"tenant\":\"" + ACME + "\",\"force\":true}")
                        .json()
                        .get("id")
                        .asString());

        assertThat(done.get("seen").asLong()).isEqualTo(acmeOriginals);
        assertThat(done.get("processed").asLong()).isEqualTo(acmeOriginals);
        assertThat(done.get("pipelineVersion").asString()).isEqualTo("v1");
        assertThat(normalizer
                        .postJson(OPERATOR, "/api/v1/admin/reprocessing", "{\"tenant\":\"no tenant!\"}")
                        .status())
                .isEqualTo(400);
        // the same silver bytes, and no new lineage step: every event the job sent was one the catalog had
        promoted()
                .forEach(
                        (id, tenant) -> assertThat(silverAndLineage(tenant, id)).isEqualTo(before.get(id)));
    }

    @Test
    void aNewPipelineVersionReprocessesATenantAndTheCatalogShowsItsVerdict() throws Exception {
        List<String> globex = promoted().entrySet().stream()
                .filter(e -> e.getValue().equals(GLOBEX))
                .map(Map.Entry::getKey)
                .toList();
        stack.stop("image-normalizer");
        stack.upServices(
                spec -> spec.name().equals("image-normalizer"), Map.of("LAKE_NORMALIZER_PIPELINE_VERSION", "v2"));
        try {
            LakeClient normalizer = operator();

            JsonNode done = awaitJob(
                    normalizer,
                    normalizer
                            .postJson(OPERATOR, "/api/v1/admin/reprocessing", "{\"tenant\":\"" + GLOBEX + "\"}")
                            .json()
                            .get("id")
                            .asString());

            assertThat(done.get("pipelineVersion").asString()).isEqualTo("v2");
            assertThat(done.get("processed").asLong()).isEqualTo(globex.size());
            assertThat(done.get("skipped").asLong()).isZero();
            for (String id : globex) {
                JsonNode image = awaitStatus(
                        GLOBEX,
                        id,
                        "PROMOTED",
                        body -> body.get("zones")
                                .get("gold")
                                .get("key")
                                .asString()
                                .endsWith("/v2.jpg"));
                assertThat(image.get("zones").get("silver").get("key").asString())
                        .endsWith("/v2.jpg");
                JsonNode lineage = client.get(GLOBEX, "/api/v1/images/" + id + "?include=lineage")
                        .json()
                        .get("lineage");
                assertThat(lineage.findValuesAsString("pipelineVersion")).contains("v1", "v2");
            }
            JsonNode rows = awaitStats(
                    GLOBEX,
                    "groupBy=pipeline,status",
                    r -> r.size() == 1 && "v2".equals(r.get(0).get("pipeline").asString()));
            assertThat(rows).as("analysts see the new version through Trino").hasSize(1);
            assertThat(rows.get(0).get("pipeline").asString()).isEqualTo("v2");
            assertThat(rows.get(0).get("count").asLong()).isEqualTo(globex.size());
        } finally {
            // back to v1: the other tests see the platform as it was, whatever their order
            stack.stop("image-normalizer");
            stack.upServices(spec -> spec.name().equals("image-normalizer"), Map.of());
        }
    }

    private static final String OPERATOR = "operator";

    /** The operators' client: the local admin key, through the gateway like any caller. */
    private static LakeClient operator() {
        String adminKey = stack.admin().adminKey();
        return new LakeClient(stack.gatewayUrl(), tenant -> adminKey);
    }

    private static JsonNode awaitJob(LakeClient normalizer, String job) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode state = null;
        while (System.nanoTime() < deadline) {
            state = normalizer
                    .get(OPERATOR, "/api/v1/admin/reprocessing/" + job)
                    .json();
            if (state.get("state").asString().matches("SUCCEEDED|FAILED")) {
                assertThat(state.get("state").asString()).as(state.toString()).isEqualTo("SUCCEEDED");
                assertThat(state.get("failed").asLong()).isZero();
                return state;
            }
            Await.sleep(300);
        }
        throw new AssertionError("reprocessing job did not finish: " + state);
    }

    private static String silverAndLineage(String tenant, String imageId) {
        JsonNode image = client.get(tenant, "/api/v1/images/" + imageId + "?include=lineage")
                .json();
        return image.get("status").asString() + " "
                + image.get("zones").get("silver").get("sha256").asString() + " "
                + image.get("lineage").size() + " steps";
    }

    @Test
    void whenKafkaIsDownUploadsAreRefusedWithRetryAfterAndRetriesLoseNothing() throws Exception {
        String tenant = "outage-" + RUN;
        int clients = 6;
        int perClient = 4;
        Map<String, String> accepted = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean retryAfterSeen = new AtomicBoolean();
        // by construction, not by timing: every client's first upload lands before Kafka stops, the rest are
        // sent while it is down, and Kafka comes back only after every client has been refused at least once
        CountDownLatch firstUploaded = new CountDownLatch(clients);
        CountDownLatch kafkaDown = new CountDownLatch(1);
        CountDownLatch everyClientRefused = new CountDownLatch(clients);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            running.add(pool.submit(() -> {
                boolean refusedOnce = false;
                for (int i = 0; i < perClient; i++) {
                    if (i == 1) {
                        firstUploaded.countDown();
                        assertThat(kafkaDown.await(120, TimeUnit.SECONDS)).isTrue();
                    }
                    String key = "outage-" + RUN + "-" + client + "-" + i;
                    byte[] image = SyntheticImages.jpeg(2000 + client * 10 + i, 640, 480);
                    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
                    while (true) {
                        LakeClient.Answer answer = uploadOrNull(tenant, image, key);
                        if (answer != null && answer.status() == 201) {
                            accepted.put(answer.json().get("imageId").asString(), key);
                            break;
                        }
                        if (answer != null && answer.status() == 503) {
                            refused.incrementAndGet();
                            answer.headers().firstValue("Retry-After").ifPresent(v -> retryAfterSeen.set(true));
                            if (!refusedOnce) {
                                refusedOnce = true;
                                everyClientRefused.countDown();
                            }
                        }
                        assertThat(System.nanoTime())
                                .as("upload %s accepted in time", key)
                                .isLessThan(deadline);
                        Await.sleep(500);
                    }
                }
                return null;
            }));
        }
        assertThat(firstUploaded.await(120, TimeUnit.SECONDS))
                .as("every client's first upload")
                .isTrue();
        stack.stop("kafka");
        kafkaDown.countDown();
        assertThat(everyClientRefused.await(150, TimeUnit.SECONDS))
                .as("every client refused while Kafka is down")
                .isTrue();
        stack.upInfrastructure();
        for (Future<?> client : running) {
            client.get();
        }
        pool.shutdown();

        assertThat(accepted).hasSize(clients * perClient);
        assertThat(refused.get()).as("uploads refused while Kafka was down").isPositive();
        assertThat(retryAfterSeen).isTrue();
        for (String imageId : accepted.keySet()) {
            awaitStatus(tenant, imageId, "PROMOTED");
        }
        JsonNode rows = awaitStats(
                tenant,
                "groupBy=customer",
                r -> r.size() == 1 && r.get(0).get("count").asLong() >= clients * perClient);
        assertThat(rows.get(0).get("count").asLong())
                .as("each accepted image exactly once")
                .isEqualTo(clients * perClient);
    }

    private static LakeClient.Answer uploadOrNull(String tenant, byte[] image, String key) {
        try {
            return client.upload(tenant, image, "outage.jpg", "image/jpeg", null, key);
        } catch (RuntimeException connectionTrouble) {
            return null;
        }
    }

    private static JsonNode awaitStatus(String tenant, String imageId, String status) {
        return awaitStatus(tenant, imageId, status, body -> true);
    }

    private static JsonNode awaitStatus(String tenant, String imageId, String status, Predicate<JsonNode> and) {
        return awaitImage(
                tenant,
                imageId,
                status,
                body -> status.equals(body.get("status").asString()) && and.test(body));
    }

    private static JsonNode awaitImage(String tenant, String imageId, String what, Predicate<JsonNode> reached) {
        return awaitJson(tenant, "/api/v1/images/" + imageId, what, body -> {
            assertThat(body.has("status"))
                    .as("every visible image has a status: %s", body)
                    .isTrue();
            return reached.test(body);
        });
    }

    private static JsonNode awaitJson(String tenant, String path, Predicate<JsonNode> reached) {
        return awaitJson(tenant, path, "the state awaited", reached);
    }

    private static JsonNode awaitJson(String tenant, String path, String what, Predicate<JsonNode> reached) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            LakeClient.Answer answer = client.get(tenant, path);
            if (answer.status() == 200) {
                last = answer.json();
                if (reached.test(last)) {
                    return last;
                }
            }
            Await.sleep(300);
        }
        throw new AssertionError(path + " did not reach " + what + "; last seen: " + last);
    }
}
