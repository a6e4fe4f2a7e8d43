package io.imagelake.normalizer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.contracts.EventCodec;
import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.ImageIds;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.ImageNormalized;
import io.imagelake.contracts.ImagePromoted;
import io.imagelake.contracts.ImageRejected;
import io.imagelake.contracts.ImageStatus;
import io.imagelake.contracts.ObjectKeys;
import io.imagelake.contracts.ObjectRef;
import io.imagelake.contracts.Topics;
import io.imagelake.devstack.Endpoints;
import io.imagelake.devstack.images.SyntheticImages;
import io.imagelake.devstack.process.Await;
import io.imagelake.normalizer.features.ImageFeatures;
import io.imagelake.normalizer.imaging.Images;
import io.imagelake.support.kafka.ListenerErrorAdvice;
import io.imagelake.testing.EventWriter;
import io.imagelake.testing.InfraPart;
import io.imagelake.testing.LakeInfra;
import io.imagelake.testing.TestEvents;
import io.imagelake.testing.TopicReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The normalizer consuming real Kafka events and reading/writing a real S3 server. */
// a short retry budget, so that an outage outlasts it within a test
@SpringBootTest(
        properties = {
            "lake.kafka.retry-initial-interval=100ms",
            "lake.kafka.retry-max-interval=300ms",
            "lake.kafka.retry-max-elapsed=1s"
        })
class NormalizationIT {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        LakeInfra.properties(InfraPart.KAFKA, InfraPart.S3).forEach((k, v) -> registry.add(k, () -> v));
    }

    private final Endpoints endpoints = LakeInfra.start(InfraPart.KAFKA, InfraPart.S3);

    @Autowired
    private MeterRegistry meters;

    private final MinioClient s3 = endpoints.s3Client();

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Autowired
    private HealthEndpoint health;

    @Test
    void anIngestedPhotoBecomesASilverJpegAndANormalizedEvent() throws Exception {
        ImageIngested ingested =
                ingest(SyntheticImages.withExif(SyntheticImages.jpeg(11, 2048, 1536), 1, "Canon", "EOS R6"), "Phở bò");

        ImageNormalized normalized = awaitOutcome(ingested.imageId(), Topics.NORMALIZED, ImageNormalized.class);

        assertThat(normalized.original().cameraMake()).isEqualTo("Canon");
        assertThat(normalized.original().cameraModel()).isEqualTo("EOS R6");
        assertThat(normalized.customerId()).isEqualTo(ingested.customerId());
        assertThat(normalized.silver().key())
                .isEqualTo(ObjectKeys.silver(ingested.customerId(), ingested.imageId(), "v1"));
        assertThat(normalized.width()).isEqualTo(1024);
        assertThat(normalized.height()).isEqualTo(768);
        assertThat(normalized.caption().original()).isEqualTo("Phở bò");
        assertThat(normalized.caption().normalized()).isEqualTo("phở bò");
        byte[] silver = s3.getObject(GetObjectArgs.builder()
                        .bucket(normalized.silver().bucket())
                        .object(normalized.silver().key())
                        .build())
                .readAllBytes();
        assertThat(silver).hasSize((int) normalized.bytes());
        assertThat(ImageIO.read(new ByteArrayInputStream(silver)).getWidth()).isEqualTo(1024);
        byte[] thumbnail = s3.getObject(GetObjectArgs.builder()
                        .bucket("silver")
                        .object(ObjectKeys.silverThumbnail(ingested.customerId(), ingested.imageId(), "v1"))
                        .build())
                .readAllBytes();
        assertThat(ImageIO.read(new ByteArrayInputStream(thumbnail)).getWidth()).isEqualTo(256);
    }

    @Test
    void anImageReceivedLongerAgoThanTheSloCountsAsSlowInTheUploadToSilverHistogram() {
        Timer timer = meters.timer("lake.normalizer.upload_to_silver");
        long before = timer.count();
        double slowBefore = slowerThanTheSlo(timer);

        ImageIngested ingested = ingestFor(
                "t-" + UUID.randomUUID().toString().substring(0, 8),
                SyntheticImages.jpeg(16, 800, 600),
                null,
                Map.of(),
                Instant.now().minusSeconds(90));
        awaitOutcome(ingested.imageId(), Topics.NORMALIZED, ImageNormalized.class);

        // recorded once the verdict is published, so wait on the count, not on the event
        Await.healthy(null, Duration.ofSeconds(30), () -> timer.count() > before);
        assertThat(slowerThanTheSlo(timer) - slowBefore)
                .as("90 s after upload is past the 60 s SLO bucket")
                .isGreaterThanOrEqualTo(1);
    }

    /** The recorded latencies over the SLO's 60 s bucket (lake-defaults.yml), which the SLO's rules read. */
    private static double slowerThanTheSlo(Timer timer) {
        HistogramSnapshot snapshot = timer.takeSnapshot();
        return snapshot.count()
                - Arrays.stream(snapshot.histogramCounts())
                        .filter(bucket -> bucket.bucket(TimeUnit.SECONDS) == 60)
                        .findFirst()
                        .orElseThrow()
                        .count();
    }

    @Test
    void aGoodImageIsPromotedToGold() throws Exception {
        ImageIngested ingested = ingest(SyntheticImages.jpeg(15, 1600, 1200), null);

        ImagePromoted promoted = awaitOutcome(ingested.imageId(), Topics.PROMOTED, ImagePromoted.class);
        ImageNormalized normalized = awaitOutcome(ingested.imageId(), Topics.NORMALIZED, ImageNormalized.class);

        assertThat(normalized.features().phash()).matches("[0-9a-f]{16}");
        assertThat(normalized.features().blur()).isGreaterThan(10);
        assertThat(promoted.gold().key()).isEqualTo(ObjectKeys.gold(ingested.customerId(), ingested.imageId(), "v1"));
        byte[] gold = s3.getObject(GetObjectArgs.builder()
                        .bucket(promoted.gold().bucket())
                        .object(promoted.gold().key())
                        .build())
                .readAllBytes();
        assertThat(gold).hasSize((int) normalized.bytes());
    }

    @Test
    void theSameBytesTwiceInATenantMakeTheSecondADuplicateOfTheFirst() {
        byte[] image = SyntheticImages.jpeg(16, 800, 600);
        ImageIngested first = ingest(image, null);
        awaitOutcome(first.imageId(), Topics.PROMOTED, ImagePromoted.class);
        ImageIngested second = ingestFor(first.customerId(), image);

        ImageRejected duplicate = awaitOutcome(second.imageId(), Topics.REJECTED, ImageRejected.class);

        assertThat(duplicate.status()).isEqualTo(ImageStatus.DUPLICATE);
        assertThat(duplicate.duplicateOf()).isEqualTo(first.imageId());
        assertThat(ingestFor("another-" + first.customerId(), image))
                .satisfies(other -> assertThat(awaitOutcome(other.imageId(), Topics.PROMOTED, ImagePromoted.class))
                        .isNotNull());
    }

    @Test
    void aRescaledRecompressedCopyIsANearDuplicateOfTheFirst() throws Exception {
        BufferedImage picture = SyntheticImages.picture(18, 1600, 1200, false);
        ImageIngested first = ingest(SyntheticImages.jpeg(picture, 0.9f), null);
        awaitOutcome(first.imageId(), Topics.PROMOTED, ImagePromoted.class);
        BufferedImage smaller = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
        smaller.createGraphics().drawImage(picture, 0, 0, 800, 600, null);
        ImageIngested copy = ingestFor(first.customerId(), SyntheticImages.jpeg(smaller, 0.6f));
        ImageIngested different = ingestFor(first.customerId(), SyntheticImages.jpeg(19, 1600, 1200));

        ImageRejected near = awaitOutcome(copy.imageId(), Topics.REJECTED, ImageRejected.class);

        assertThat(near.status()).isEqualTo(ImageStatus.DUPLICATE);
        assertThat(near.reasons()).extracting("code").containsExactly("NEAR_DUPLICATE");
        assertThat(near.duplicateOf()).isEqualTo(first.imageId());
        assertThat(awaitOutcome(different.imageId(), Topics.PROMOTED, ImagePromoted.class))
                .isNotNull();
    }

    @Test
    void aCroppedCopyIsANearDuplicateOfTheFirstButNotOfAnotherTenantsPicture() throws Exception {
        BufferedImage picture = SyntheticImages.picture(21, 1600, 1200, false);
        ImageIngested first = ingest(SyntheticImages.jpeg(picture, 0.9f), null);
        awaitOutcome(first.imageId(), Topics.PROMOTED, ImagePromoted.class);
        // a tenth off the left and the top
        BufferedImage crop = picture.getSubimage(160, 120, 1440, 1080);
        assertThat(ImageFeatures.hammingDistance(silverHash(picture), silverHash(crop)))
                .as("the whole-frame hash no longer agrees")
                .isGreaterThan(8);
        ImageIngested cropped = ingestFor(first.customerId(), SyntheticImages.jpeg(crop, 0.8f));
        ImageIngested otherTenant = ingest(SyntheticImages.jpeg(crop, 0.8f), null);

        ImageRejected duplicate = awaitOutcome(cropped.imageId(), Topics.REJECTED, ImageRejected.class);

        assertThat(duplicate.status()).isEqualTo(ImageStatus.DUPLICATE);
        assertThat(duplicate.reasons()).extracting("code").containsExactly("NEAR_DUPLICATE");
        assertThat(duplicate.reasons().getFirst().detail()).contains("cropped differently");
        assertThat(duplicate.duplicateOf()).isEqualTo(first.imageId());
        assertThat(meters.counter("lake.normalizer.duplicates", "match", "crop").count())
                .isGreaterThanOrEqualTo(1);
        assertThat(awaitOutcome(otherTenant.imageId(), Topics.PROMOTED, ImagePromoted.class))
                .as("another tenant's crop is not a duplicate")
                .isNotNull();
    }

    @Test
    void aPhonesHeicAndAvifAreDecodedIntoSilverNotRejectedAsUnsupported() throws Exception {
        ImageIngested heic = ingest(SyntheticImages.heic(), null);
        ImageIngested avif = ingest(SyntheticImages.avif(), null);

        for (var sent : Map.of("heic", heic, "avif", avif).entrySet()) {
            ImageNormalized normalized =
                    awaitOutcome(sent.getValue().imageId(), Topics.NORMALIZED, ImageNormalized.class);
            assertThat(normalized.original().format()).isEqualTo(sent.getKey());
            assertThat(normalized.original().width()).isEqualTo(64);
            assertThat(normalized.original().height()).isEqualTo(48);
            byte[] silver = s3.getObject(GetObjectArgs.builder()
                            .bucket(normalized.silver().bucket())
                            .object(normalized.silver().key())
                            .build())
                    .readAllBytes();
            int right = ImageIO.read(new ByteArrayInputStream(silver)).getRGB(56, 24);
            assertThat(right & 0xFF)
                    .as(sent.getKey() + ": the right half is blue")
                    .isGreaterThan(180);
        }
    }

    @Test
    void aTinyImageFailsTheQualityGatesWithItsReason() {
        ImageIngested tiny = ingest(SyntheticImages.png(17, 40, 30), null);

        ImageRejected rejected = awaitOutcome(tiny.imageId(), Topics.REJECTED, ImageRejected.class);

        assertThat(rejected.reasons()).extracting("code").contains("TOO_SMALL");
        assertThat(awaitOutcome(tiny.imageId(), Topics.NORMALIZED, ImageNormalized.class)
                        .width())
                .isEqualTo(40);
    }

    @Test
    void anUndecodableOriginalIsRejectedWithAReasonAndTheConsumerGoesOn() {
        byte[] truncated = Arrays.copyOf(SyntheticImages.jpeg(12, 300, 300), 20);
        ImageIngested broken = ingest(truncated, null);
        ImageIngested fine = ingest(SyntheticImages.png(13, 200, 100), null);

        ImageRejected rejected = awaitOutcome(broken.imageId(), Topics.REJECTED, ImageRejected.class);

        assertThat(rejected.reasons()).extracting("code").containsExactly("CORRUPT");
        assertThat(awaitOutcome(fine.imageId(), Topics.NORMALIZED, ImageNormalized.class)
                        .width())
                .isEqualTo(200);
    }

    @Test
    void severalSmallSixteenBitPngsOfSevenThousandSquaredAtOnceEndProcessedOrTooLargeAndTheConsumerStaysUp() {
        // ~300 KB each, 294 MB of samples each at full size: four at once were an OutOfMemoryError that stopped the
        // listener container for good, three of them labelled CORRUPT; this JVM has the devstack normalizer's heap
        byte[] deep = SyntheticImages.largePng(7000, 7000, 16, false);
        List<ImageIngested> huge =
                IntStream.range(0, 4).mapToObj(i -> ingest(deep, null)).toList();
        ImageIngested after = ingest(SyntheticImages.jpeg(22, 800, 600), null);

        for (ImageIngested image : huge) {
            ImageEvent outcome = awaitFirstOutcome(image.imageId());
            if (outcome instanceof ImageRejected rejected) {
                assertThat(rejected.reasons())
                        .extracting("code")
                        .as("valid, so never CORRUPT")
                        .containsExactly("TOO_LARGE");
            } else {
                assertThat(((ImageNormalized) outcome).original().width()).isEqualTo(7000);
            }
        }
        assertThat(awaitOutcome(after.imageId(), Topics.PROMOTED, ImagePromoted.class))
                .isNotNull();
        assertThat(listeners.getListenerContainers()).allSatisfy(container -> {
            assertThat(container.isInExpectedState()).isTrue();
            assertThat(container.isRunning()).isTrue();
            assertThat(container.getContainerProperties().getAdviceChain())
                    .as("an Error never stops it")
                    .hasAtLeastOneElementOfType(ListenerErrorAdvice.class);
        });
        assertThat(health.healthForPath("liveness").getStatus().getCode()).isEqualTo("UP");
        assertThat(((CompositeHealthDescriptor) health.healthForPath("liveness")).getComponents())
                .containsKey("listeners");
        assertThat(health.healthForPath("readiness", "listeners")).isNotNull();
    }

    @Test
    void anEventNamingAnotherTenantsOriginalIsDeadLetteredAndNeverNormalized() {
        ImageIngested victims = ingest(SyntheticImages.jpeg(23, 640, 480), null);
        awaitOutcome(victims.imageId(), Topics.NORMALIZED, ImageNormalized.class);
        String imageId = ImageIds.random();
        ImageIngested forged = TestEvents.ingested("t-attacker", imageId)
                .bronze(victims.bronze())
                .bytes(victims.bytes())
                .sha256(victims.sha256())
                .at(Instant.now())
                .build();
        try (EventWriter writer = new EventWriter(endpoints.kafkaBootstrap())) {
            writer.publish(forged);
        }

        try (TopicReader dead = new TopicReader(endpoints.kafkaBootstrap(), Topics.deadLetterOf(Topics.INGESTED))) {
            var records = dead.await(r -> imageId.equals(r.key()), 1, Duration.ofSeconds(60));
            assertThat(records)
                    .singleElement()
                    .satisfies(r -> assertThat(new String(
                                    r.headers()
                                            .lastHeader("kafka_dlt-exception-cause-fqcn")
                                            .value(),
                                    StandardCharsets.UTF_8))
                            .endsWith("ForeignReferenceException"));
        }
        ImageIngested after = ingest(SyntheticImages.jpeg(24, 640, 480), null);
        awaitOutcome(after.imageId(), Topics.NORMALIZED, ImageNormalized.class);
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.NORMALIZED, Topics.REJECTED)) {
            assertThat(reader.await(r -> imageId.equals(r.key()), 1, Duration.ofSeconds(2)))
                    .as("no outcome for the forgery")
                    .isEmpty();
        }
        assertThat(meters.counter("lake.kafka.events.refused", "reason", "foreign-reference", "type", "ImageIngested")
                        .count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void anObjectStoreOutageLongerThanTheRetryBudgetDelaysTheImageButNeverDeadLettersIt() {
        byte[] image = SyntheticImages.jpeg(25, 640, 480);
        String tenant = "t-outage-" + UUID.randomUUID().toString().substring(0, 6);
        String imageId = ImageIds.random();
        Instant now = Instant.now();
        String key = ObjectKeys.bronze(tenant, now, imageId);
        try {
            s3.putObject(PutObjectArgs.builder().bucket("bronze").object(key).stream(
                            new ByteArrayInputStream(image), image.length, -1)
                    .build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        double before = outageRetries();
        LakeInfra.stop(InfraPart.S3);
        try {
            try (EventWriter writer = new EventWriter(endpoints.kafkaBootstrap())) {
                writer.publish(TestEvents.ingested(tenant, imageId)
                        .bronze(new ObjectRef("bronze", key))
                        .bytes(image.length)
                        .sha256(sha256(image))
                        .at(now)
                        .build());
            }
            // the bounded budget (1 s: about five attempts) would have dead-lettered it; wait for twice as many outage
            // retries
            Await.healthy(null, Duration.ofSeconds(120), () -> outageRetries() - before >= 10);
        } finally {
            LakeInfra.restart(InfraPart.S3);
        }

        assertThat(awaitOutcome(imageId, Topics.NORMALIZED, ImageNormalized.class)
                        .width())
                .isEqualTo(640);
        try (TopicReader dead = new TopicReader(endpoints.kafkaBootstrap(), Topics.deadLetterOf(Topics.INGESTED))) {
            assertThat(dead.await(r -> imageId.equals(r.key()), 1, Duration.ofSeconds(2)))
                    .as("never dead-lettered")
                    .isEmpty();
        }
    }

    private double outageRetries() {
        return meters
                .find("lake.kafka.listener.retries")
                .tag("topic", Topics.INGESTED)
                .tag("kind", "outage")
                .counters()
                .stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    @Test
    void theIngestsTraceContinuesIntoEveryEventTheNormalizerEmitsForTheImage() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        ImageIngested ingested = ingestFor(
                "t-" + UUID.randomUUID().toString().substring(0, 8),
                SyntheticImages.jpeg(15, 640, 480),
                null,
                Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));

        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.NORMALIZED, Topics.PROMOTED)) {
            var records = reader.await(r -> ingested.imageId().equals(r.key()), 2, Duration.ofSeconds(60));
            assertThat(records)
                    .extracting(r -> r.topic())
                    .containsExactlyInAnyOrder(Topics.NORMALIZED, Topics.PROMOTED);
            assertThat(records)
                    .allSatisfy(r -> assertThat(r.headers().lastHeader("traceparent"))
                            .isNotNull()
                            .extracting(h -> new String(h.value(), StandardCharsets.UTF_8))
                            .asString()
                            .as("the ingest's trace, a span of the normalizer's")
                            .startsWith("00-" + traceId + "-")
                            .doesNotContain("00f067aa0ba902b7"));
        }
    }

    @Test
    void aRedeliveredEventRewritesTheSameSilverKeyWithTheSameEventId() {
        ImageIngested ingested = ingest(SyntheticImages.jpeg(14, 640, 480), null);
        try (EventWriter writer = new EventWriter(endpoints.kafkaBootstrap())) {
            writer.publish(ingested);
        }

        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.NORMALIZED)) {
            var records = reader.await(r -> ingested.imageId().equals(r.key()), 2, Duration.ofSeconds(60));
            assertThat(records).hasSize(2);
            List<ImageNormalized> events = records.stream()
                    .map(r -> EventCodec.decode(r.value(), ImageNormalized.class))
                    .toList();
            assertThat(events.get(0).eventId()).isEqualTo(events.get(1).eventId());
            assertThat(events.get(0).silver()).isEqualTo(events.get(1).silver());
        }
    }

    private ImageIngested ingest(byte[] bytes, String caption) {
        return ingestFor("t-" + UUID.randomUUID().toString().substring(0, 8), bytes, caption);
    }

    private ImageIngested ingestFor(String tenant, byte[] bytes) {
        return ingestFor(tenant, bytes, null);
    }

    private ImageIngested ingestFor(String tenant, byte[] bytes, String caption) {
        return ingestFor(tenant, bytes, caption, Map.of());
    }

    private ImageIngested ingestFor(String tenant, byte[] bytes, String caption, Map<String, String> headers) {
        return ingestFor(tenant, bytes, caption, headers, Instant.now());
    }

    /** The original in bronze and its event published, with {@code headers} on the record. */
    private ImageIngested ingestFor(
            String tenant, byte[] bytes, String caption, Map<String, String> headers, Instant receivedAt) {
        String imageId = ImageIds.random();
        Instant now = Instant.now();
        String key = ObjectKeys.bronze(tenant, now, imageId);
        try {
            s3.putObject(PutObjectArgs.builder().bucket("bronze").object(key).stream(
                            new ByteArrayInputStream(bytes), bytes.length, -1)
                    .build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ImageIngested event = TestEvents.ingested(tenant, imageId)
                .bronze(new ObjectRef("bronze", key))
                .bytes(bytes.length)
                .sha256(sha256(bytes))
                .caption(caption)
                .at(receivedAt, now)
                .build();
        try (EventWriter writer = new EventWriter(endpoints.kafkaBootstrap())) {
            writer.send(event.topic(), event.imageId(), EventCodec.encode(event), headers);
        }
        return event;
    }

    private static String silverHash(BufferedImage image) {
        return ImageFeatures.phash(Images.fitWithin(image, 1024));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The normalizer's first word on the image: normalized, or rejected before silver (not by the curation after it).
     */
    private ImageEvent awaitFirstOutcome(String imageId) {
        String renderRejection = UUID.nameUUIDFromBytes((imageId + "/rejected/v1").getBytes(StandardCharsets.UTF_8))
                .toString();
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.NORMALIZED, Topics.REJECTED)) {
            var records = reader.await(
                    r -> imageId.equals(r.key())
                            && (Topics.NORMALIZED.equals(r.topic())
                                    || renderRejection.equals(EventCodec.decode(r.value(), ImageRejected.class)
                                            .eventId())),
                    1,
                    Duration.ofSeconds(120));
            assertThat(records).as("an outcome for %s", imageId).isNotEmpty();
            var first = records.getFirst();
            return Topics.NORMALIZED.equals(first.topic())
                    ? EventCodec.decode(first.value(), ImageNormalized.class)
                    : EventCodec.decode(first.value(), ImageRejected.class);
        }
    }

    private <T extends ImageEvent> T awaitOutcome(String imageId, String topic, Class<T> type) {
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), topic)) {
            var records = reader.await(r -> imageId.equals(r.key()), 1, Duration.ofSeconds(60));
            assertThat(records).as("an event for %s on %s", imageId, topic).isNotEmpty();
            return EventCodec.decode(records.getFirst().value(), type);
        }
    }
}
