package io.imagelake.ingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.contracts.EventCodec;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.ObjectKeys;
import io.imagelake.contracts.Source;
import io.imagelake.contracts.Topics;
import io.imagelake.devstack.Endpoints;
import io.imagelake.devstack.demo.LakeClient;
import io.imagelake.devstack.images.SyntheticImages;
import io.imagelake.testing.InfraPart;
import io.imagelake.testing.LakeInfra;
import io.imagelake.testing.PrometheusSamples;
import io.imagelake.testing.TestIdentity;
import io.imagelake.testing.TopicReader;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Uploads against a real Kafka broker and a real S3 server. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "lake.ingest.upload.max-bytes=2MB")
class UploadIT {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        LakeInfra.properties(InfraPart.KAFKA, InfraPart.S3).forEach((k, v) -> registry.add(k, () -> v));
    }

    @LocalServerPort
    int port;

    LakeClient client;
    Endpoints endpoints;
    String tenant;

    @BeforeEach
    void setUp() {
        client = TestIdentity.client("http://127.0.0.1:" + port);
        endpoints = LakeInfra.start();
        tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void anUploadsTraceContinuesIntoTheEventItAnnounces() {
        // as the gateway forwards it: W3C trace context of the caller's span
        String traceId = UUID.randomUUID().toString().replace("-", "");
        LakeClient traced = client.withHeaders(Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));

        LakeClient.Answer answer =
                traced.upload(tenant, SyntheticImages.jpeg(71, 64, 64), "t.jpg", "image/jpeg", null, null);

        assertThat(answer.status()).isEqualTo(201);
        String imageId = answer.json().get("imageId").asString();
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.INGESTED)) {
            var record = reader.await(r -> imageId.equals(r.key()), 1, Duration.ofSeconds(20))
                    .getFirst();
            var header = record.headers().lastHeader("traceparent");
            assertThat(header).as("the record carries the trace on").isNotNull();
            assertThat(new String(header.value(), StandardCharsets.UTF_8))
                    .as("the same trace, a span of ingest-api's")
                    .startsWith("00-" + traceId + "-")
                    .doesNotContain("00f067aa0ba902b7");
        }
    }

    @Test
    void anUploadIsStoredInBronzeAndAnnouncedBeforeItIsAcknowledged() throws Exception {
        byte[] image = SyntheticImages.jpeg(7, 640, 480);

        LakeClient.Answer answer = client.upload(
                tenant,
                image,
                "photo.png",
                "image/png",
                "{\"caption\":\"Phở bò\",\"tags\":[\"food\",\"hanoi\"],\"device\":\"pixel 9\"}",
                null);

        assertThat(answer.status()).isEqualTo(201);
        JsonNode body = answer.json();
        String imageId = body.get("imageId").asString();
        assertThat(answer.headers().firstValue("Location")).contains("/api/v1/images/" + imageId);
        assertThat(body.get("customerId").asString()).isEqualTo(tenant);
        assertThat(body.get("status").asString()).isEqualTo("RECEIVED");
        assertThat(body.get("bytes").asLong()).isEqualTo(image.length);
        assertThat(body.get("contentType").asString()).isEqualTo("image/jpeg");
        assertThat(body.get("sha256").asString())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(image)));

        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.INGESTED)) {
            var records = reader.await(r -> imageId.equals(r.key()), 1, Duration.ofSeconds(20));
            assertThat(records).hasSize(1);
            ImageIngested event = EventCodec.decode(records.getFirst().value(), ImageIngested.class);
            assertThat(event.customerId()).isEqualTo(tenant);
            assertThat(event.source()).isEqualTo(Source.UPLOAD);
            assertThat(event.caption()).isEqualTo("Phở bò");
            assertThat(event.tags()).containsExactly("food", "hanoi");
            assertThat(event.format()).isEqualTo("jpeg");
            assertThat(event.declaredContentType()).isEqualTo("image/png");
            assertThat(event.bronze().key()).startsWith(tenant + "/").endsWith("/" + imageId);

            byte[] stored = s3().getObject(GetObjectArgs.builder()
                            .bucket(event.bronze().bucket())
                            .object(event.bronze().key())
                            .build())
                    .readAllBytes();
            assertThat(stored).isEqualTo(image);
        }
    }

    @Test
    void uploadsOfTheSameIdempotencyKeyYieldOneImageAndTheFirstAnswer() {
        byte[] image = SyntheticImages.png(8, 64, 64);
        String key = "key-" + UUID.randomUUID();

        LakeClient.Answer first = client.upload(tenant, image, "a.png", "image/png", null, key);
        LakeClient.Answer second = client.upload(tenant, image, "a.png", "image/png", null, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(second.json()).isEqualTo(first.json());
        String imageId = first.json().get("imageId").asString();
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.INGESTED)) {
            assertThat(reader.await(r -> imageId.equals(r.key()), 2, Duration.ofSeconds(5)))
                    .hasSize(1);
        }
        // named by the image, where the catalog's erasure looks for it, never by the client's key
        assertThat(s3().listObjects(ListObjectsArgs.builder()
                                .bucket("bronze")
                                .prefix(ObjectKeys.idempotencyRecord(tenant, imageId))
                                .build())
                        .iterator()
                        .hasNext())
                .isTrue();
    }

    @Test
    void theSameIdempotencyKeyWithOtherBytesIsAConflict() {
        String key = "key-" + UUID.randomUUID();
        client.upload(tenant, SyntheticImages.png(9, 64, 64), "a.png", "image/png", null, key);

        LakeClient.Answer other =
                client.upload(tenant, SyntheticImages.png(10, 64, 64), "a.png", "image/png", null, key);

        assertProblem(other, 409, "idempotency-key-reused");
    }

    @Test
    void concurrentRetriesOfOneKeyStoreOneImage() throws Exception {
        byte[] image = SyntheticImages.jpeg(11, 800, 600);
        String key = "key-" + UUID.randomUUID();
        var pool = Executors.newFixedThreadPool(4);
        Callable<LakeClient.Answer> retry = () -> client.upload(tenant, image, "a.jpg", "image/jpeg", null, key);
        var answers = pool.invokeAll(Collections.nCopies(4, retry));
        pool.shutdown();

        Set<String> ids = new HashSet<>();
        for (var answer : answers) {
            LakeClient.Answer a = answer.get();
            assertThat(a.status()).as(a.body()).isIn(201, 409);
            if (a.status() == 201) {
                ids.add(a.json().get("imageId").asString());
            } else {
                assertThat(a.json().get("type").asString()).endsWith("/idempotency-key-in-progress");
                assertThat(a.headers().firstValue("Retry-After"))
                        .as("the retry the contract asks for")
                        .isPresent();
            }
        }
        assertThat(ids).hasSize(1);
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.INGESTED)) {
            String imageId = ids.iterator().next();
            assertThat(reader.await(r -> imageId.equals(r.key()), 2, Duration.ofSeconds(5)))
                    .hasSize(1);
        }
    }

    @Test
    void aBatchAnswersPerFileAndOneBadFileDoesNotFailTheOthers() {
        var files = List.of(
                new LakeClient.BatchFile(SyntheticImages.jpeg(41, 64, 64), "a.jpg", "image/jpeg"),
                new LakeClient.BatchFile("not an image".getBytes(), "b.jpg", "image/jpeg"),
                new LakeClient.BatchFile(SyntheticImages.png(42, 64, 64), "c.png", "image/png"),
                new LakeClient.BatchFile(SyntheticImages.png(43, 64, 64), "d.png", "image/png"));
        var metadata = List.of("{\"caption\":\"one\"}", "{}", "{\"tags\":[\"" + "t".repeat(65) + "\"]}", "{}");

        LakeClient.Answer answer = client.uploadBatch(tenant, files, metadata);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode results = answer.json().get("results");
        assertThat(IntStream.range(0, results.size())
                        .map(i -> results.get(i).get("status").asInt()))
                .containsExactly(201, 415, 400, 201);
        assertThat(results.get(1).get("problem").get("type").asString()).endsWith("/unsupported-image");
        assertThat(results.get(2)
                        .get("problem")
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .startsWith("metadata.tags");
        assertThat(results.get(0).get("image").get("imageId").asString()).isNotBlank();
    }

    @Test
    void aBatchWithMetadataForSomeFilesOnlyIsABadRequest() {
        var files = List.of(
                new LakeClient.BatchFile(SyntheticImages.jpeg(44, 32, 32), "a.jpg", "image/jpeg"),
                new LakeClient.BatchFile(SyntheticImages.jpeg(45, 32, 32), "b.jpg", "image/jpeg"));

        assertProblem(client.uploadBatch(tenant, files, List.of("{}")), 400, "validation");
        assertThat(client.uploadBatch(tenant, files, List.of()).status()).isEqualTo(200);
    }

    @Test
    void ingestMetricsArePublishedForPrometheus() {
        PrometheusSamples before =
                PrometheusSamples.parse(client.get(null, "/actuator/prometheus").body());
        byte[] image = SyntheticImages.jpeg(50, 32, 32);
        client.upload(tenant, image, "m.jpg", "image/jpeg", null, null);
        client.upload(tenant, "nope".getBytes(), "m.jpg", "image/jpeg", null, null);

        PrometheusSamples after =
                PrometheusSamples.parse(client.get(null, "/actuator/prometheus").body());

        assertThat(after.sum("lake_ingest_requests_total", "source", "upload", "outcome", "accepted")
                        - before.sum("lake_ingest_requests_total", "source", "upload", "outcome", "accepted"))
                .isEqualTo(1);
        assertThat(after.sum("lake_ingest_rejections_total", "source", "upload", "reason", "unsupported-image")
                        - before.sum("lake_ingest_rejections_total", "source", "upload", "reason", "unsupported-image"))
                .isEqualTo(1);
        assertThat(after.sum("lake_ingest_bytes_total", "source", "upload")
                        - before.sum("lake_ingest_bytes_total", "source", "upload"))
                .isEqualTo(image.length);
        assertThat(after.sum("lake_ingest_latency_seconds_count", "source", "upload")
                        - before.sum("lake_ingest_latency_seconds_count", "source", "upload"))
                .isEqualTo(2);
        assertThat(after.sum("lake_events_published_total") - before.sum("lake_events_published_total"))
                .as("the accepted upload's ImageIngested")
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aRequestWithoutTenantIsUnauthenticated() {
        LakeClient.Answer answer =
                client.upload(null, SyntheticImages.jpeg(1, 16, 16), "a.jpg", "image/jpeg", null, null);

        assertProblem(answer, 401, "unauthenticated");
    }

    @Test
    void aMalformedTenantIsUnauthenticated() {
        LakeClient.Answer answer =
                client.upload("bad tenant!", SyntheticImages.jpeg(1, 16, 16), "a.jpg", "image/jpeg", null, null);

        assertProblem(answer, 401, "unauthenticated");
    }

    @Test
    void bytesThatAreNotAnImageAreUnsupportedWhateverTheirName() {
        LakeClient.Answer answer =
                client.upload(tenant, "%PDF-1.7 not an image".getBytes(), "cat.jpg", "image/jpeg", null, null);

        assertProblem(answer, 415, "unsupported-image");
    }

    @Test
    void anEmptyFileIsUnsupported() {
        assertProblem(
                client.upload(tenant, new byte[0], "empty.jpg", "image/jpeg", null, null), 415, "unsupported-image");
    }

    @Test
    void aFileOverTheLimitIsRejectedAndNothingIsStored() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024];
        System.arraycopy(SyntheticImages.jpeg(3, 64, 64), 0, big, 0, 100);

        assertProblem(client.upload(tenant, big, "big.jpg", "image/jpeg", null, null), 413, "payload-too-large");
        assertThat(s3().listObjects(ListObjectsArgs.builder()
                        .bucket("bronze")
                        .prefix(tenant + "/")
                        .recursive(true)
                        .build()))
                .isEmpty();
    }

    @Test
    void malformedMetadataIsABadRequestNamingTheField() {
        LakeClient.Answer answer =
                client.upload(tenant, SyntheticImages.jpeg(1, 16, 16), "a.jpg", "image/jpeg", "{\"caption\":", null);

        assertProblem(answer, 400, "validation");
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("metadata");
    }

    @Test
    void invalidMetadataListsEveryInvalidField() {
        String metadata = "{\"caption\":\"" + "x".repeat(2001) + "\",\"capturedAt\":\"2999-01-01T00:00:00Z\"}";

        LakeClient.Answer answer =
                client.upload(tenant, SyntheticImages.jpeg(1, 16, 16), "a.jpg", "image/jpeg", metadata, null);

        assertProblem(answer, 400, "validation");
        assertThat(answer.json().get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("metadata.caption", "metadata.capturedAt");
    }

    @Test
    void aLoneSurrogateInTheCaptionIsABadRequest() {
        LakeClient.Answer answer = client.upload(
                tenant,
                SyntheticImages.jpeg(1, 16, 16),
                "a.jpg",
                "image/jpeg",
                "{\"caption\":\"a\\ud800b\",\"tags\":[\"\\udc00\"]}",
                null);

        assertProblem(answer, 400, "validation");
        assertThat(answer.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("field").asString())
                        .toList())
                .containsExactly("metadata.caption", "metadata.tags[0]");
    }

    @Test
    void attributeNamesThatWouldBeMongoOperatorsOrPathsAreABadRequest() {
        LakeClient.Answer answer = client.upload(
                tenant,
                SyntheticImages.jpeg(1, 16, 16),
                "a.jpg",
                "image/jpeg",
                "{\"attributes\":{\"$where\":\"1\",\"a.b\":\"2\",\"fine\":\"3\"}}",
                null);

        assertProblem(answer, 400, "validation");
        assertThat(answer.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("field").asString())
                        .toList())
                .containsExactly("metadata.attributes[$where]", "metadata.attributes[a.b]");
    }

    @Test
    void aTenantOfDotsAloneIsUnauthenticatedNotAStorageOutage() {
        for (String dots : List.of(".", "..")) {
            assertProblem(
                    client.upload(dots, SyntheticImages.jpeg(1, 16, 16), "a.jpg", "image/jpeg", null, null),
                    401,
                    "unauthenticated");
        }
    }

    @Test
    void aPartContentTypeThatCannotBeObjectMetadataIsABadRequestNotAStorageOutage() {
        LakeClient.Answer answer = client.upload(
                tenant, SyntheticImages.jpeg(1, 16, 16), "a.jpg", "image/jpeg; comment=" + "x".repeat(300), null, null);

        assertProblem(answer, 400, "validation");
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("file");
    }

    @Test
    void malformedMultipartBodiesAreBadRequestsNotServerErrors() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String token = TestIdentity.get().token(tenant);
        String cut =
                "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\nabc";
        // found by MultipartFormFuzzTest: these two fail Tomcat's parser with a RuntimeException (a NUL in a file
        // name; an empty boundary)
        String nulInFileName = cut.replace("a.jpg", "a.jp\0g") + "\r\n--b--\r\n";
        for (String[] body : new String[][] {
            {"multipart/form-data", "whatever"},
            {"multipart/form-data; boundary=b", cut},
            {"multipart/form-data; boundary=b", nulInFileName},
            {"multipart/form-data; boundary=", "--\r\n\r\n----\r\n"}
        }) {
            var answer = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/images"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", body[0])
                            .POST(HttpRequest.BodyPublishers.ofString(body[1]))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(body[0]).isEqualTo(400);
            assertThat(answer.body()).contains("https://imagelake.dev/problems/");
        }
    }

    @Test
    void twoFilePartsInOneUploadAreRefusedRatherThanOneSilentlyDropped() {
        var files = List.of(
                new LakeClient.BatchFile(SyntheticImages.jpeg(46, 32, 32), "a.jpg", "image/jpeg"),
                new LakeClient.BatchFile(SyntheticImages.jpeg(47, 32, 32), "b.jpg", "image/jpeg"));

        LakeClient.Answer answer = client.uploadBatchTo("/api/v1/images", tenant, files, List.of());

        assertProblem(answer, 400, "validation");
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("file");
    }

    @Test
    void aGetOnTheUploadPathIsMethodNotAllowed() {
        assertProblem(client.get(tenant, "/api/v1/images"), 405, "method-not-allowed");
    }

    private static void assertProblem(LakeClient.Answer answer, int status, String type) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).contains("application/problem+json"));
        assertThat(answer.json().get("type").asString()).isEqualTo("https://imagelake.dev/problems/" + type);
        assertThat(answer.json().get("status").asInt()).isEqualTo(status);
    }

    private MinioClient s3() {
        MinioClient client = endpoints.s3Client();
        return client;
    }
}
