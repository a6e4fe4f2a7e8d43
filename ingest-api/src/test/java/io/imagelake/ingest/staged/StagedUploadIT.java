package io.imagelake.ingest.staged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.imagelake.contracts.EventCodec;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.ObjectKeys;
import io.imagelake.contracts.Topics;
import io.imagelake.devstack.Endpoints;
import io.imagelake.devstack.demo.LakeClient;
import io.imagelake.devstack.images.SyntheticImages;
import io.imagelake.ingest.bronze.MetadataParser;
import io.imagelake.ingest.upload.UploadProperties;
import io.imagelake.ingest.upload.UploadService;
import io.imagelake.support.storage.UrlSigner;
import io.imagelake.support.tenant.Tenant;
import io.imagelake.testing.InfraPart;
import io.imagelake.testing.LakeInfra;
import io.imagelake.testing.MutableClock;
import io.imagelake.testing.TestIdentity;
import io.imagelake.testing.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Staged uploads against a real Kafka broker and a real S3 server: tus 1.0 spoken byte by byte, and direct uploads
 * PUT to their presigned URL.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "lake.ingest.upload.max-bytes=2MB")
class StagedUploadIT {

    private static final String TUS = "/api/v1/tus";

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        LakeInfra.properties(InfraPart.KAFKA, InfraPart.S3).forEach((k, v) -> registry.add(k, () -> v));
    }

    @LocalServerPort
    int port;

    @Autowired
    MinioClient s3;

    @Autowired
    StagingStore store;

    @Autowired
    UploadService uploads;

    @Autowired
    UrlSigner signer;

    @Autowired
    UploadProperties limits;

    @Autowired
    MetadataParser metadataParser;

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
    void anUploadSentInChunksBecomesOneImageAnnouncedOnce() throws Exception {
        byte[] image = SyntheticImages.jpeg(401, 640, 480);
        String upload = create(
                image.length,
                Map.of("filename", "a.jpg", "filetype", "image/jpeg", "metadata", "{\"caption\":\"chunked\"}"));
        int third = image.length / 3;

        assertThat(patch(upload, image, 0, third).headers().firstValue("Upload-Offset"))
                .contains("" + third);
        assertThat(patch(upload, image, third, 2 * third).headers().firstValue("Image-Id"))
                .isEmpty();
        LakeClient.Answer last = patch(upload, image, 2 * third, image.length);

        assertThat(last.status()).isEqualTo(204);
        assertThat(last.headers().firstValue("Tus-Resumable")).contains("1.0.0");
        assertThat(last.headers().firstValue("Upload-Offset")).contains("" + image.length);
        String imageId = last.headers().firstValue("Image-Id").orElseThrow();
        LakeClient.Answer head = head(upload);
        assertThat(head.headers().firstValue("Image-Id")).contains(imageId);
        assertThat(head.headers().firstValue("Upload-Offset")).contains("" + image.length);
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.INGESTED)) {
            var records = reader.await(r -> imageId.equals(r.key()), 2, Duration.ofSeconds(5));
            assertThat(records).as("announced once").hasSize(1);
            ImageIngested event = EventCodec.decode(records.getFirst().value(), ImageIngested.class);
            assertThat(event.caption()).isEqualTo("chunked");
            assertThat(event.bytes()).isEqualTo(image.length);
            assertThat(event.sha256()).isEqualTo(sha256(image));
            assertThat(read(event.bronze().bucket(), event.bronze().key())).isEqualTo(image);
        }
        assertThat(chunkObjects(upload))
                .as("the chunks are the original now: removed")
                .isZero();
    }

    @Test
    void aBodyCutShortKeepsWhatArrivedAndTheUploadResumesFromThere() throws Exception {
        byte[] image = SyntheticImages.jpeg(402, 800, 600);
        String upload = create(image.length, Map.of("filetype", "image/jpeg"));
        int sent = image.length * 9 / 10;

        // the app loses its network at 90 %: a PATCH announcing every byte, cut after 90 % of them
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PATCH " + TUS + "/" + upload + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Authorization: Bearer " + TestIdentity.get().token(tenant) + "\r\n"
                            + "Tus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\n"
                            + "Content-Type: application/offset+octet-stream\r\n"
                            + "Content-Length: " + image.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(image, 0, sent);
            out.flush();
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> head(upload).headers().firstValue("Upload-Offset").orElseThrow(), o -> !o.equals("0"));

        assertThat(head(upload).headers().firstValue("Upload-Offset")).contains("" + sent);
        LakeClient.Answer last = patch(upload, image, sent, image.length);
        assertThat(last.status()).as(last.body()).isEqualTo(204);
        String imageId = last.headers().firstValue("Image-Id").orElseThrow();
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.INGESTED)) {
            ImageIngested event = EventCodec.decode(
                    reader.await(r -> imageId.equals(r.key()), 1, Duration.ofSeconds(20))
                            .getFirst()
                            .value(),
                    ImageIngested.class);
            assertThat(read(event.bronze().bucket(), event.bronze().key())).isEqualTo(image);
        }
    }

    @Test
    void theFinalChunkSentAgainAfterALostAnswerYieldsTheSameImage() {
        byte[] image = SyntheticImages.jpeg(403, 320, 240);
        String upload = create(image.length, Map.of());
        String first = patch(upload, image, 0, image.length)
                .headers()
                .firstValue("Image-Id")
                .orElseThrow();

        LakeClient.Answer again = patch(upload, image, image.length, image.length);

        assertThat(again.status()).isEqualTo(204);
        assertThat(again.headers().firstValue("Image-Id")).contains(first);
    }

    @Test
    void twoUploadsUnderOneIdempotencyKeyYieldOneImage() {
        byte[] image = SyntheticImages.jpeg(404, 320, 240);
        String key = "key-" + UUID.randomUUID();
        String a = createWithKey(image.length, key);
        String b = createWithKey(image.length, key);

        String first = patch(a, image, 0, image.length)
                .headers()
                .firstValue("Image-Id")
                .orElseThrow();
        String second = patch(b, image, 0, image.length)
                .headers()
                .firstValue("Image-Id")
                .orElseThrow();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void creationWithUploadTakesAWholeSmallFileInOneRequest() {
        byte[] image = SyntheticImages.jpeg(405, 160, 120);
        Map<String, String> headers = new HashMap<>(tusHeaders());
        headers.put("Upload-Length", "" + image.length);
        headers.put("Content-Type", "application/offset+octet-stream");

        LakeClient.Answer created = client.request(tenant, "POST", TUS, headers, image);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).startsWith(TUS + "/"));
        assertThat(created.headers().firstValue("Upload-Offset")).contains("" + image.length);
        assertThat(created.headers().firstValue("Image-Id")).isPresent();
        assertThat(created.headers().firstValue("Upload-Expires")).isPresent();
    }

    @Test
    void anOffsetThatIsNotTheUploadsEndIsAConflict() {
        byte[] image = SyntheticImages.jpeg(406, 320, 240);
        String upload = create(image.length, Map.of());
        patch(upload, image, 0, 1000);

        LakeClient.Answer stale = patch(upload, Arrays.copyOfRange(image, 0, 1000), 0, Map.of());

        assertProblem(stale, 409, "tus-offset-mismatch");
        assertThat(head(upload).headers().firstValue("Upload-Offset")).contains("1000");
    }

    @Test
    void aChunkThatDoesNotMatchItsChecksumIsDiscarded() throws Exception {
        byte[] image = SyntheticImages.jpeg(407, 320, 240);
        String upload = create(image.length, Map.of());
        byte[] chunk = Arrays.copyOfRange(image, 0, 4096);
        String wrong = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-1").digest(new byte[1]));
        String right = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-1").digest(chunk));

        assertProblem(
                patch(upload, chunk, 0, Map.of("Upload-Checksum", "sha1 " + wrong)), 460, "tus-checksum-mismatch");
        assertThat(head(upload).headers().firstValue("Upload-Offset")).contains("0");

        LakeClient.Answer good = patch(upload, chunk, 0, Map.of("Upload-Checksum", "sha1 " + right));
        assertThat(good.headers().firstValue("Upload-Offset")).contains("4096");
    }

    @Test
    void bytesThatAreNoImageAreRefusedAtTheFirstChunkAndNothingIsLeft() {
        byte[] text = "this is not an image, only a long enough line of text".getBytes(StandardCharsets.UTF_8);
        String upload = create(10_000, Map.of());

        assertProblem(patch(upload, text, 0, Map.of()), 415, "unsupported-image");
        assertThat(head(upload).status()).isEqualTo(404);
        assertThat(objectsOf(upload)).isZero();
    }

    @Test
    void terminationRemovesEveryByteOfTheUpload() {
        byte[] image = SyntheticImages.jpeg(408, 320, 240);
        String upload = create(image.length, Map.of());
        patch(upload, image, 0, 2000);

        LakeClient.Answer deleted = client.request(tenant, "DELETE", TUS + "/" + upload, tusHeaders(), null);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(head(upload).status()).isEqualTo(404);
        assertThat(objectsOf(upload)).isZero();
    }

    @Test
    void anotherTenantNeitherSeesNorTouchesAnUpload() {
        byte[] image = SyntheticImages.jpeg(409, 320, 240);
        String upload = create(image.length, Map.of());
        String other = "o-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> patchHeaders = new HashMap<>(tusHeaders());
        patchHeaders.put("Upload-Offset", "0");
        patchHeaders.put("Content-Type", "application/offset+octet-stream");

        assertThat(client.request(other, "HEAD", TUS + "/" + upload, tusHeaders(), null)
                        .status())
                .isEqualTo(404);
        assertProblem(client.request(other, "PATCH", TUS + "/" + upload, patchHeaders, image), 404, "not-found");
        assertProblem(client.request(other, "DELETE", TUS + "/" + upload, tusHeaders(), null), 404, "not-found");
        assertThat(head(upload).headers().firstValue("Upload-Offset")).contains("0");
    }

    @Test
    void aDirectUploadIsNoTusUploadAndATusUploadCannotBeCompletedAsADirectOne() throws Exception {
        byte[] image = SyntheticImages.jpeg(412, 320, 240);
        JsonNode direct = openDirect(image.length, sha256(image), "image/jpeg", null);
        String directId = direct.get("uploadId").asString();
        Map<String, String> patchHeaders = new HashMap<>(tusHeaders());
        patchHeaders.put("Upload-Offset", "0");
        patchHeaders.put("Content-Type", "application/offset+octet-stream");

        assertThat(head(directId).status()).isEqualTo(404);
        assertProblem(client.request(tenant, "PATCH", TUS + "/" + directId, patchHeaders, image), 404, "not-found");
        assertProblem(client.request(tenant, "DELETE", TUS + "/" + directId, tusHeaders(), null), 404, "not-found");
        assertThat(chunkObjects(directId)).as("no chunk written through tus").isZero();

        String tus = create(image.length, Map.of());
        patch(tus, image, 0, image.length - 1);
        LakeClient.Answer completed = client.postJson(tenant, "/api/v1/uploads/" + tus + "/complete", "");
        assertThat(completed.status()).as(completed.body()).isEqualTo(404);
        assertThat(head(tus).headers().firstValue("Upload-Offset")).contains("" + (image.length - 1));
        // both still work as what they are
        assertThat(put(direct.get("url").asString(), image)).isEqualTo(200);
        assertThat(complete(direct).status()).isEqualTo(201);
    }

    @Test
    void theProtocolsPreconditionsAreCheckedBeforeAnyByteIsKept() {
        Map<String, String> noVersion = Map.of("Upload-Length", "100");
        LakeClient.Answer oldClient = client.request(tenant, "POST", TUS, noVersion, null);
        assertProblem(oldClient, 412, "tus-version-unsupported");
        assertThat(oldClient.headers().firstValue("Tus-Version")).contains("1.0.0");

        Map<String, String> tooLong = new HashMap<>(tusHeaders());
        tooLong.put("Upload-Length", "" + (limits.maxBytes().toBytes() + 1));
        assertProblem(client.request(tenant, "POST", TUS, tooLong, null), 413, "payload-too-large");

        Map<String, String> badMetadata = new HashMap<>(tusHeaders());
        badMetadata.put("Upload-Length", "100");
        badMetadata.put("Upload-Metadata", "metadata " + b64("{not json"));
        assertThat(client.request(tenant, "POST", TUS, badMetadata, null).status())
                .isEqualTo(400);

        LakeClient.Answer options = client.request(tenant, "OPTIONS", TUS, Map.of(), null);
        assertThat(options.status()).isEqualTo(204);
        assertThat(options.headers().firstValue("Tus-Extension"))
                .contains("creation,creation-with-upload,termination,checksum,expiration");
        assertThat(options.headers().firstValue("Tus-Max-Size"))
                .contains("" + limits.maxBytes().toBytes());
    }

    @Test
    void aChunkKeptLateNeverOverwritesTheOneStoredFirstAtItsOffset() throws Exception {
        StagedUpload upload = store.find(tenant, create(10_000, Map.of())).orElseThrow();
        Path resumed = Files.write(Files.createTempFile("chunk", ".bin"), new byte[] {1, 2, 3, 4});
        Path cutShort = Files.write(Files.createTempFile("chunk", ".bin"), new byte[] {9, 9});

        assertThat(store.writeChunk(upload, 0, resumed, 4)).isTrue();
        assertThat(store.writeChunk(upload, 0, cutShort, 2))
                .as("the offset is taken")
                .isFalse();

        assertThat(StagingStore.offset(store.chain(upload))).isEqualTo(4);
    }

    @Test
    void unfinishedUploadsExpireAndAreSweptAway() {
        byte[] image = SyntheticImages.jpeg(410, 320, 240);
        MutableClock clock = new MutableClock(Instant.now());
        StagedUploads tus = new StagedUploads(
                store,
                signer,
                uploads,
                limits,
                new StagingProperties(Duration.ofHours(24), Duration.ofMinutes(5), Duration.ofMinutes(15)),
                metadataParser,
                new SimpleMeterRegistry(),
                clock);
        Tenant owner = new Tenant(tenant);
        StagedUpload upload = tus.createTus(owner, image.length, Map.of(), null);
        tus.append(owner, upload.id(), 0, null, new ByteArrayInputStream(image, 0, 5000), 5000);

        clock.advance(Duration.ofHours(24));

        assertThat(catchThrowable(() -> tus.progress(owner, upload.id()))).isInstanceOf(TusErrors.Expired.class);
        assertThat(tus.sweepExpired(10_000)).isPositive();
        assertThat(objectsOf(upload.id())).isZero();
        assertThat(store.expired(clock.instant(), 10_000)).noneMatch(e -> e.id().equals(upload.id()));
    }

    @Test
    void aDirectUploadIsPutStraightToTheStoreAndIngestedOnCompletion() throws Exception {
        byte[] image = SyntheticImages.jpeg(420, 640, 480);
        JsonNode opened = openDirect(image.length, sha256(image), "image/jpeg", "{\"caption\":\"direct\"}");

        assertThat(opened.get("method").asString()).isEqualTo("PUT");
        assertThat(put(opened.get("url").asString(), image)).isEqualTo(200);
        LakeClient.Answer completed = complete(opened);

        assertThat(completed.status()).as(completed.body()).isEqualTo(201);
        String imageId = completed.json().get("imageId").asString();
        assertThat(completed.json().get("sha256").asString()).isEqualTo(sha256(image));
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.INGESTED)) {
            var records = reader.await(r -> imageId.equals(r.key()), 2, Duration.ofSeconds(5));
            assertThat(records).as("announced once").hasSize(1);
            ImageIngested event = EventCodec.decode(records.getFirst().value(), ImageIngested.class);
            assertThat(event.caption()).isEqualTo("direct");
            assertThat(read(event.bronze().bucket(), event.bronze().key())).isEqualTo(image);
            var original = s3.statObject(StatObjectArgs.builder()
                    .bucket(event.bronze().bucket())
                    .object(event.bronze().key())
                    .build());
            assertThat(original.contentType())
                    .as("copied server-side, as an original")
                    .isEqualTo("image/jpeg");
            assertThat(original.userMetadata()).containsValue(imageId).containsValue(sha256(image));
        }
        assertThat(chunkObjects(opened.get("uploadId").asString()))
                .as("the staged object is the original now")
                .isZero();
        LakeClient.Answer again = complete(opened);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("imageId").asString())
                .as("completing twice: one image")
                .isEqualTo(imageId);
    }

    @Test
    void aDirectUploadThatLiesAboutItsSizeTypeOrChecksumIsRefusedWithNothingLeftBehind() throws Exception {
        byte[] image = SyntheticImages.jpeg(421, 320, 240);
        String sha = sha256(image);
        byte[] text = "a text file declared as a picture, long enough to be sniffed".getBytes(StandardCharsets.UTF_8);

        assertLieRefused(openDirect(image.length + 1, sha, "image/jpeg", null), image, 400, "upload-mismatch");
        assertLieRefused(openDirect(image.length, sha256(text), "image/jpeg", null), image, 400, "checksum-mismatch");
        assertLieRefused(openDirect(image.length, sha, "image/png", null), image, 400, "upload-mismatch");
        assertLieRefused(openDirect(text.length, sha256(text), "image/jpeg", null), text, 415, "unsupported-image");
    }

    @Test
    void aDirectUploadCompletedBeforeItsBytesArriveIsAConflict() throws Exception {
        JsonNode opened = openDirect(1000, sha256(new byte[1000]), null, null);

        LakeClient.Answer early = complete(opened);

        assertThat(early.status()).as(early.body()).isEqualTo(409);
        assertThat(early.json().get("type").asString()).endsWith("/upload-not-received");
    }

    private void assertLieRefused(JsonNode opened, byte[] sent, int status, String type) {
        assertThat(put(opened.get("url").asString(), sent)).isEqualTo(200);

        LakeClient.Answer refused = complete(opened);

        assertThat(refused.status()).as(refused.body()).isEqualTo(status);
        assertThat(refused.json().get("type").asString()).endsWith("/" + type);
        assertThat(objectsOf(opened.get("uploadId").asString()))
                .as("nothing left of " + type)
                .isZero();
        assertThat(complete(opened).status()).as("the upload is gone").isEqualTo(404);
    }

    private JsonNode openDirect(long size, String sha256, String contentType, String metadata) {
        String body = "{\"size\":" + size + ",\"sha256\":\"" + sha256 + "\""
                + (contentType == null ? "" : ",\"contentType\":\"" + contentType + "\"")
                + (metadata == null ? "" : ",\"metadata\":" + metadata) + "}";
        LakeClient.Answer opened = client.postJson(tenant, "/api/v1/uploads", body);
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return opened.json();
    }

    private LakeClient.Answer complete(JsonNode opened) {
        return client.postJson(tenant, opened.get("completeUrl").asString(), "");
    }

    private static int put(String url, byte[] bytes) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> tusHeaders() {
        return Map.of("Tus-Resumable", "1.0.0");
    }

    private String create(long length, Map<String, String> metadata) {
        Map<String, String> headers = new HashMap<>(tusHeaders());
        headers.put("Upload-Length", "" + length);
        if (!metadata.isEmpty()) {
            headers.put(
                    "Upload-Metadata",
                    String.join(
                            ",",
                            metadata.entrySet().stream()
                                    .map(e -> e.getKey() + " " + b64(e.getValue()))
                                    .toList()));
        }
        LakeClient.Answer created = client.request(tenant, "POST", TUS, headers, null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.headers().firstValue("Location").orElseThrow().substring(TUS.length() + 1);
    }

    private String createWithKey(long length, String key) {
        Map<String, String> headers = new HashMap<>(tusHeaders());
        headers.put("Upload-Length", "" + length);
        headers.put("Idempotency-Key", key);
        LakeClient.Answer created = client.request(tenant, "POST", TUS, headers, null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.headers().firstValue("Location").orElseThrow().substring(TUS.length() + 1);
    }

    private LakeClient.Answer patch(String upload, byte[] file, int from, int to) {
        LakeClient.Answer answer = patch(upload, Arrays.copyOfRange(file, from, to), from, Map.of());
        assertThat(answer.status()).as(answer.body()).isEqualTo(204);
        return answer;
    }

    private LakeClient.Answer patch(String upload, byte[] chunk, long offset, Map<String, String> extra) {
        Map<String, String> headers = new HashMap<>(tusHeaders());
        headers.put("Upload-Offset", "" + offset);
        headers.put("Content-Type", "application/offset+octet-stream");
        headers.putAll(extra);
        return client.request(tenant, "PATCH", TUS + "/" + upload, headers, chunk);
    }

    private LakeClient.Answer head(String upload) {
        return client.request(tenant, "HEAD", TUS + "/" + upload, tusHeaders(), null);
    }

    private static void assertProblem(LakeClient.Answer answer, int status, String type) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().get("type").asString()).endsWith("/" + type);
        assertThat(answer.headers().firstValue("Tus-Resumable")).contains("1.0.0");
    }

    private long objectsOf(String upload) {
        return count(ObjectKeys.stagedUpload(tenant, upload));
    }

    private long chunkObjects(String upload) {
        return count(ObjectKeys.stagedUpload(tenant, upload) + "chunks/");
    }

    private long count(String prefix) {
        return StreamSupport.stream(
                        s3.listObjects(ListObjectsArgs.builder()
                                        .bucket("bronze")
                                        .prefix(prefix)
                                        .recursive(true)
                                        .build())
                                .spliterator(),
                        false)
                .count();
    }

    private byte[] read(String bucket, String key) throws Exception {
        try (var in =
                s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        }
    }

    private static String b64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
