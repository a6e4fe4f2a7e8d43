package io.imagelake.ingest.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.contracts.EventCodec;
import io.imagelake.contracts.ImageIds;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.Source;
import io.imagelake.contracts.Topics;
import io.imagelake.devstack.Endpoints;
import io.imagelake.devstack.images.SyntheticImages;
import io.imagelake.devstack.process.Await;
import io.imagelake.testing.InfraPart;
import io.imagelake.testing.LakeInfra;
import io.imagelake.testing.TestIdentity;
import io.imagelake.testing.TopicReader;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Bulk imports from a real S3 server and from zips, announced on a real Kafka broker. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "lake.ingest.upload.max-bytes=2MB", "lake.ingest.imports.poll-interval=200ms",
            "lake.ingest.imports.checkpoint-every-files=1", "lake.ingest.stream.enabled=false"
        })
class ImportIT {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        LakeInfra.properties(InfraPart.KAFKA, InfraPart.S3).forEach((k, v) -> registry.add(k, () -> v));
    }

    @LocalServerPort
    int port;

    @Autowired
    ImportJobStore jobs;

    private final Endpoints endpoints = LakeInfra.start(InfraPart.KAFKA, InfraPart.S3);
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final MinioClient s3 = endpoints.s3Client();
    private String tenant;

    @BeforeEach
    void setUp() throws Exception {
        tenant = "imp-" + UUID.randomUUID().toString().substring(0, 8);
        if (!s3.bucketExists(BucketExistsArgs.builder().bucket("imports").build())) {
            s3.makeBucket(MakeBucketArgs.builder().bucket("imports").build());
        }
    }

    @Test
    void anS3PrefixIsImportedWithProgressAndReasonsForWhatWasSkipped() throws Exception {
        for (int i = 0; i < 4; i++) {
            put("imports", tenant + "/drop/img-" + i + ".jpg", SyntheticImages.jpeg(60 + i, 120, 90));
        }
        put("imports", tenant + "/drop/readme.txt", "not an image".getBytes());
        put("imports", tenant + "/drop/huge.jpg", padded(SyntheticImages.jpeg(70, 64, 64), 3 * 1024 * 1024));

        HttpResponse<String> created = post("{\"source\":\"s3://imports/" + tenant + "/drop/\"}", "application/json");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String jobId = json.readTree(created.body()).get("jobId").asString();
        assertThat(created.headers().firstValue("Location")).contains("/api/v1/imports/" + jobId);

        JsonNode done = awaitState(jobId, "SUCCEEDED");

        assertThat(done.get("files").get("total").asLong()).isEqualTo(6);
        assertThat(done.get("files").get("imported").asLong()).isEqualTo(4);
        assertThat(done.get("files").get("skipped").asLong()).isEqualTo(1);
        assertThat(done.get("files").get("failed").asLong()).isEqualTo(1);
        assertThat(done.get("failures").findValuesAsString("code"))
                .containsExactlyInAnyOrder("UNSUPPORTED_FORMAT", "TOO_LARGE");
        assertThat(done.get("etaSeconds").asLong()).isZero();
        List<ImageIngested> events = ingested(ImageIds.forImport(tenant, jobId, tenant + "/drop/img-2.jpg"), 1);
        assertThat(events).singleElement().satisfies(e -> assertThat(e.source()).isEqualTo(Source.IMPORT));
    }

    @Test
    void aZipBodyIsImportedEntryByEntry() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("photos/"));
            zip.closeEntry();
            for (int i = 0; i < 3; i++) {
                zip.putNextEntry(new ZipEntry("photos/p" + i + ".png"));
                zip.write(SyntheticImages.png(80 + i, 50, 50));
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("notes.txt"));
            zip.write("hello".getBytes());
            zip.closeEntry();
        }

        HttpResponse<String> created = post(bytes.toByteArray(), "application/zip");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        JsonNode done = awaitState(json.readTree(created.body()).get("jobId").asString(), "SUCCEEDED");

        assertThat(done.get("files").get("imported").asLong()).isEqualTo(3);
        assertThat(done.get("files").get("skipped").asLong()).isEqualTo(1);
    }

    @Test
    void aZipWithACorruptEntryEndsWithThatEntryFailedAndTheZipIsDeleted() throws Exception {
        byte[] good = SyntheticImages.png(90, 50, 50);
        byte[] damaged = SyntheticImages.png(91, 50, 50);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("a.png"));
            zip.write(good);
            zip.closeEntry();
            // stored, not deflated: its bytes appear as they are, so one can be damaged after the CRC was written
            ZipEntry stored = new ZipEntry("b.png");
            stored.setMethod(ZipEntry.STORED);
            stored.setSize(damaged.length);
            CRC32 crc = new CRC32();
            crc.update(damaged);
            stored.setCrc(crc.getValue());
            zip.putNextEntry(stored);
            zip.write(damaged);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("c.png"));
            zip.write(SyntheticImages.png(92, 50, 50));
            zip.closeEntry();
        }
        byte[] archive = bytes.toByteArray();
        int at = indexOf(archive, damaged);
        archive[at + damaged.length / 2] ^= 0x5A;

        HttpResponse<String> created = post(archive, "application/zip");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String jobId = json.readTree(created.body()).get("jobId").asString();
        JsonNode done = awaitState(jobId, "SUCCEEDED");

        assertThat(done.get("files").get("imported").asLong()).isEqualTo(2);
        assertThat(done.get("files").get("failed").asLong()).isEqualTo(1);
        assertThat(done.get("failures").findValuesAsString("code")).containsExactly("CORRUPT");
        assertThat(done.get("failures").findValuesAsString("file")).containsExactly("b.png");
        // deleted right after the job's end is saved: waited for, since the client may read the end first
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (exists("bronze", "_imports/" + tenant + "/" + jobId + ".zip")) {
            assertThat(System.nanoTime())
                    .as("the uploaded zip, once its job ended")
                    .isLessThan(deadline);
            Await.sleep(100);
        }
        // looking for work reads the unfinished jobs only, never every job ever made
        assertThat(exists("bronze", "_imports/_open/" + tenant + "/" + jobId)).isFalse();
        assertThat(jobs.unfinished()).extracting(ImportJob::jobId).doesNotContain(jobId);
    }

    @Test
    void aZipBombEntryIsRefusedByItsStatedSizeAndTheEntriesAfterItAreImported() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("bomb.png"));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 64; i++) { // 64 MB that deflate to ~64 KB
                zip.write(zeros);
            }
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("after.png"));
            zip.write(SyntheticImages.png(95, 50, 50));
            zip.closeEntry();
        }
        assertThat(bytes.size()).isLessThan(1024 * 1024);

        HttpResponse<String> created = post(bytes.toByteArray(), "application/zip");
        String jobId = json.readTree(created.body()).get("jobId").asString();
        JsonNode done = awaitState(jobId, "SUCCEEDED");

        assertThat(done.get("failures").findValuesAsString("code")).containsExactly("TOO_LARGE");
        assertThat(done.get("files").get("imported").asLong()).isEqualTo(1);
        assertThat(done.get("files").get("total").asLong())
                .as("known from the central directory")
                .isEqualTo(2);
    }

    @Test
    void twoEntriesOfOneNameInAZipAreTwoImages() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("same.png"));
            zip.write(SyntheticImages.png(93, 50, 50));
            zip.closeEntry();
            // Java refuses to write a name twice: "same.pnh" becomes "same.png" below, in both headers
            zip.putNextEntry(new ZipEntry("same.pnh"));
            zip.write(SyntheticImages.png(94, 50, 50));
            zip.closeEntry();
        }
        byte[] archive = bytes.toByteArray();
        byte[] from = "same.pnh".getBytes(StandardCharsets.US_ASCII);
        for (int at; (at = indexOfOrMinusOne(archive, from)) >= 0; ) {
            archive[at + from.length - 1] = 'g';
        }

        HttpResponse<String> created = post(archive, "application/zip");
        String jobId = json.readTree(created.body()).get("jobId").asString();
        JsonNode done = awaitState(jobId, "SUCCEEDED");

        assertThat(done.get("files").get("imported").asLong()).isEqualTo(2);
        assertThat(ingested(ImageIds.forImport(tenant, jobId, "0/same.png"), 1)).hasSize(1);
        assertThat(ingested(ImageIds.forImport(tenant, jobId, "1/same.png"), 1))
                .as("the second, not overwriting the first")
                .hasSize(1);
    }

    private static int indexOfOrMinusOne(byte[] haystack, byte[] needle) {
        try {
            return indexOf(haystack, needle);
        } catch (IllegalArgumentException none) {
            return -1;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }

    private boolean exists(String bucket, String key) {
        try {
            s3.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aSourceOutsideTheTenantsRootsIsForbidden() throws Exception {
        HttpResponse<String> answer = post("{\"source\":\"s3://imports/someone-else/\"}", "application/json");

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(json.readTree(answer.body()).get("type").asString()).endsWith("/import-source-forbidden");
        assertThat(post("{\"source\":\"ftp://x\"}", "application/json").statusCode())
                .isEqualTo(400);
    }

    @Test
    void anImportWhoseInstanceDiedResumesAfterItsCheckpointWithoutImportingTwice() throws Exception {
        for (int i = 0; i < 5; i++) {
            put("imports", tenant + "/resume/f" + i + ".jpg", SyntheticImages.jpeg(90 + i, 64, 64));
        }
        String jobId = UUID.randomUUID().toString();
        Instant longAgo = Instant.now().minusSeconds(3600);
        // what a crashed instance leaves: RUNNING, three files done, a heartbeat long stopped
        ImportJob crashed = ImportJob.queued(jobId, tenant, ImportJob.Kind.S3, "imports", tenant + "/resume/", longAgo)
                .claimedBy("dead-instance", longAgo)
                .withTotal(5);
        for (int i = 0; i < 3; i++) {
            crashed = crashed.progressed(
                    tenant + "/resume/f" + i + ".jpg", ImportJob.Outcome.IMPORTED, 100, null, 10, longAgo);
        }
        jobs.save(crashed);

        JsonNode done = awaitState(jobId, "SUCCEEDED");

        assertThat(done.get("files").get("imported").asLong()).isEqualTo(5);
        assertThat(done.get("files").get("seen").asLong()).isEqualTo(5);
        assertThat(ingested(ImageIds.forImport(tenant, jobId, tenant + "/resume/f4.jpg"), 1))
                .hasSize(1);
        assertThat(ingested(ImageIds.forImport(tenant, jobId, tenant + "/resume/f0.jpg"), 1))
                .isEmpty();
    }

    @Test
    void anotherTenantCannotSeeTheJob() throws Exception {
        String jobId = json.readTree(post("{\"source\":\"s3://imports/" + tenant + "/none/\"}", "application/json")
                        .body())
                .get("jobId")
                .asString();

        assertThat(get(jobId, "someone-else").statusCode()).isEqualTo(404);
    }

    private JsonNode awaitState(String jobId, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = get(jobId, tenant);
            assertThat(answer.statusCode())
                    .as("reading the job while it runs: %s", answer.body())
                    .isEqualTo(200);
            last = json.readTree(answer.body());
            if (state.equals(last.get("state").asString())) {
                return last;
            }
            Await.sleep(200);
        }
        throw new AssertionError("import " + jobId + " did not reach " + state + ": " + last);
    }

    private List<ImageIngested> ingested(String imageId, int count) {
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.INGESTED)) {
            return reader.await(r -> imageId.equals(r.key()), count, Duration.ofSeconds(count == 0 ? 3 : 10)).stream()
                    .map(r -> EventCodec.decode(r.value(), ImageIngested.class))
                    .toList();
        }
    }

    private HttpResponse<String> post(Object body, String contentType) throws Exception {
        HttpRequest.BodyPublisher publisher = body instanceof byte[] b
                ? HttpRequest.BodyPublishers.ofByteArray(b)
                : HttpRequest.BodyPublishers.ofString((String) body);
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/imports"))
                        .header("Authorization", "Bearer " + TestIdentity.get().token(tenant))
                        .header("Content-Type", contentType)
                        .POST(publisher)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String jobId, String asTenant) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/imports/" + jobId))
                        .header("Authorization", "Bearer " + TestIdentity.get().token(asTenant))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void put(String bucket, String key, byte[] bytes) throws Exception {
        s3.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(
                        new ByteArrayInputStream(bytes), bytes.length, -1)
                .build());
    }

    private static byte[] padded(byte[] image, int size) {
        byte[] out = new byte[size];
        System.arraycopy(image, 0, out, 0, image.length);
        return out;
    }
}
