package io.imagelake.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.contracts.EventCodec;
import io.imagelake.contracts.ImageIds;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.Source;
import io.imagelake.contracts.Topics;
import io.imagelake.devstack.Endpoints;
import io.imagelake.devstack.images.SyntheticImages;
import io.imagelake.devstack.process.Await;
import io.imagelake.testing.EventWriter;
import io.imagelake.testing.InfraPart;
import io.imagelake.testing.LakeInfra;
import io.imagelake.testing.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The partner image stream on a real Kafka broker, into a real S3 server. */
@SpringBootTest(properties = "lake.ingest.stream.max-bytes=2MB")
class ImageStreamIT {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        LakeInfra.properties(InfraPart.KAFKA, InfraPart.S3).forEach((k, v) -> registry.add(k, () -> v));
    }

    private final Endpoints endpoints = LakeInfra.start(InfraPart.KAFKA, InfraPart.S3);
    private final String tenant = "partner-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aRecordBecomesAStreamImageAndItsRedeliveryTheSameOne() {
        String recordId = "rec-" + UUID.randomUUID();
        byte[] image = SyntheticImages.jpeg(21, 320, 240);
        Map<String, String> headers = Map.of(
                "customer-id",
                tenant,
                "source-record-id",
                recordId,
                "content-type",
                "image/jpeg",
                "caption",
                "Bún chả",
                "tags",
                "food, hanoi");
        try (EventWriter partner = new EventWriter(endpoints.kafkaBootstrap())) {
            partner.send(Topics.INCOMING, recordId, image, headers);
            partner.send(Topics.INCOMING, recordId, image, headers);
        }
        String imageId = ImageIds.forStreamRecord(tenant, recordId);

        List<ImageIngested> events = ingested(imageId, 2);

        assertThat(events).hasSize(2);
        ImageIngested event = events.getFirst();
        assertThat(event.source()).isEqualTo(Source.STREAM);
        assertThat(event.customerId()).isEqualTo(tenant);
        assertThat(event.caption()).isEqualTo("Bún chả");
        assertThat(event.tags()).containsExactly("food", "hanoi");
        assertThat(event.bytes()).isEqualTo(image.length);
        assertThat(events.get(1).eventId()).isEqualTo(event.eventId());
        assertThat(events.get(1).bronze()).isEqualTo(event.bronze());
    }

    @Test
    void recordsThatCannotBecomeImagesAreDeadLetteredAndTheStreamGoesOn() {
        double tooLargeBefore = deadLetters("TOO_LARGE");
        String good = "rec-" + UUID.randomUUID();
        byte[] image = SyntheticImages.png(22, 64, 64);
        byte[] tooLarge = new byte[3 * 1024 * 1024];
        System.arraycopy(image, 0, tooLarge, 0, image.length);
        try (EventWriter partner = new EventWriter(endpoints.kafkaBootstrap())) {
            partner.send(Topics.INCOMING, "a", image, Map.of("source-record-id", "no-tenant-" + tenant));
            partner.send(Topics.INCOMING, "b", image, Map.of("customer-id", tenant));
            partner.send(
                    Topics.INCOMING,
                    "c",
                    "just text".getBytes(StandardCharsets.UTF_8),
                    Map.of("customer-id", tenant, "source-record-id", "text"));
            partner.send(Topics.INCOMING, "d", tooLarge, Map.of("customer-id", tenant, "source-record-id", "big"));
            partner.send(
                    Topics.INCOMING,
                    "e",
                    image,
                    Map.of("customer-id", tenant, "source-record-id", "long-caption", "caption", "x".repeat(2001)));
            partner.send(Topics.INCOMING, good, image, Map.of("customer-id", tenant, "source-record-id", good));
        }

        assertThat(ingested(ImageIds.forStreamRecord(tenant, good), 1)).hasSize(1);
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.INCOMING_DLQ)) {
            List<ConsumerRecord<String, byte[]>> dead = reader.await(r -> isOurs(r), 5, Duration.ofSeconds(30));
            assertThat(dead)
                    .extracting(r -> header(r, "lake-error-code"))
                    .containsExactlyInAnyOrder(
                            "UNKNOWN_TENANT",
                            "MISSING_SOURCE_RECORD_ID",
                            "UNSUPPORTED_FORMAT",
                            "TOO_LARGE",
                            "INVALID_METADATA");
            assertThat(dead).allSatisfy(r -> assertThat(header(r, "lake-error")).isNotBlank());
            assertThat(dead)
                    .filteredOn(r -> "d".equals(r.key()))
                    .first()
                    .satisfies(r -> assertThat(r.value()).hasSize(tooLarge.length));
        }
        assertThat(deadLetters("TOO_LARGE") - tooLargeBefore)
                .as("every dead letter counted, by topic and reason (what ops alert on)")
                .isEqualTo(1);
    }

    private double deadLetters(String reason) {
        var counter = meters.find("lake.kafka.dead_letters")
                .tags("topic", Topics.INCOMING, "reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aTenantOfDotsAloneAndAContentTypeThatCannotBeObjectMetadataAreDeadLetteredNotRetriedForEver() {
        String good = "rec-" + UUID.randomUUID();
        byte[] image = SyntheticImages.png(23, 64, 64);
        String marker = "dots-" + tenant;
        try (EventWriter partner = new EventWriter(endpoints.kafkaBootstrap())) {
            partner.send(Topics.INCOMING, "dot", image, Map.of("customer-id", ".", "source-record-id", marker));
            partner.send(Topics.INCOMING, "dotdot", image, Map.of("customer-id", "..", "source-record-id", marker));
            partner.send(
                    Topics.INCOMING,
                    "accented",
                    image,
                    Map.of(
                            "customer-id",
                            tenant,
                            "source-record-id",
                            "accented",
                            "content-type",
                            "image/png; name=phở.png"));
            partner.send(
                    Topics.INCOMING,
                    "long",
                    image,
                    Map.of(
                            "customer-id",
                            tenant,
                            "source-record-id",
                            "long",
                            "content-type",
                            "image/png; x=" + "y".repeat(3000)));
            partner.send(
                    Topics.INCOMING,
                    good,
                    image,
                    Map.of("customer-id", tenant, "source-record-id", good, "content-type", "image/png"));
        }

        assertThat(ingested(ImageIds.forStreamRecord(tenant, good), 1))
                .as("the stream goes on")
                .hasSize(1);
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.INCOMING_DLQ)) {
            List<ConsumerRecord<String, byte[]>> dead = reader.await(
                    r -> marker.equals(header(r, "source-record-id"))
                            || (tenant.equals(header(r, "customer-id"))
                                    && List.of("accented", "long").contains(r.key())),
                    4,
                    Duration.ofSeconds(60));
            assertThat(dead)
                    .extracting(r -> r.key() + "=" + header(r, "lake-error-code"))
                    .containsExactlyInAnyOrder(
                            "dot=UNKNOWN_TENANT",
                            "dotdot=UNKNOWN_TENANT",
                            "accented=INVALID_CONTENT_TYPE",
                            "long=INVALID_CONTENT_TYPE");
        }
    }

    @Test
    void theLargestRecordThePartnerMaySendCanStillBeDeadLettered() {
        // the topic takes records up to lake.kafka.max-image-record (32 MB); the dead-letter copy adds headers
        byte[] largest = new byte[32 * 1024 * 1024 - 200];
        byte[] image = SyntheticImages.png(24, 64, 64);
        System.arraycopy(image, 0, largest, 0, image.length);
        String after = "after-" + UUID.randomUUID();
        try (EventWriter partner = new EventWriter(endpoints.kafkaBootstrap())) {
            partner.send(
                    Topics.INCOMING, "largest", largest, Map.of("customer-id", tenant, "source-record-id", "largest"));
            partner.send(Topics.INCOMING, after, image, Map.of("customer-id", tenant, "source-record-id", after));
        }

        assertThat(ingested(ImageIds.forStreamRecord(tenant, after), 1))
                .as("the stream goes on")
                .hasSize(1);
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.INCOMING_DLQ)) {
            var dead = reader.await(
                    r -> "largest".equals(r.key()) && tenant.equals(header(r, "customer-id")),
                    1,
                    Duration.ofSeconds(60));
            assertThat(dead).singleElement().satisfies(r -> {
                assertThat(header(r, "lake-error-code")).isEqualTo("TOO_LARGE");
                assertThat(r.value()).hasSize(largest.length);
            });
        }
    }

    @Autowired
    MeterRegistry meters;

    @Test
    void theStreamConsumersLagIsAMetric() {
        Await.healthy(
                null,
                Duration.ofSeconds(30),
                () -> !meters.find("kafka.consumer.fetch.manager.records.lag.max")
                        .meters()
                        .isEmpty());
    }

    private boolean isOurs(ConsumerRecord<String, byte[]> r) {
        String customer = header(r, "customer-id");
        String source = header(r, "source-record-id");
        return tenant.equals(customer) || ("no-tenant-" + tenant).equals(source);
    }

    @Test
    void aPartnersTraceContinuesIntoTheEventOfItsImage() {
        String recordId = "rec-" + UUID.randomUUID();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        try (EventWriter partner = new EventWriter(endpoints.kafkaBootstrap())) {
            partner.send(
                    Topics.INCOMING,
                    recordId,
                    SyntheticImages.jpeg(23, 64, 64),
                    Map.of(
                            "customer-id", tenant,
                            "source-record-id", recordId,
                            "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
        }
        String imageId = ImageIds.forStreamRecord(tenant, recordId);

        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.INGESTED)) {
            var record = reader.await(r -> imageId.equals(r.key()), 1, Duration.ofSeconds(30))
                    .getFirst();
            assertThat(header(record, "traceparent"))
                    .as("the partner's trace, a span of ingest-api's")
                    .startsWith("00-" + traceId + "-")
                    .doesNotContain("00f067aa0ba902b7");
        }
    }

    private List<ImageIngested> ingested(String imageId, int count) {
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.INGESTED)) {
            return reader.await(r -> imageId.equals(r.key()), count, Duration.ofSeconds(30)).stream()
                    .map(r -> EventCodec.decode(r.value(), ImageIngested.class))
                    .toList();
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
