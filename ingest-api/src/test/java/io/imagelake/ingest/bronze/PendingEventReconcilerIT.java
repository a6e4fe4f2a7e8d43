package io.imagelake.ingest.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.contracts.EventCodec;
import io.imagelake.contracts.ImageIds;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.ObjectKeys;
import io.imagelake.contracts.ObjectRef;
import io.imagelake.contracts.ReemitRequested;
import io.imagelake.contracts.Source;
import io.imagelake.contracts.Topics;
import io.imagelake.devstack.Endpoints;
import io.imagelake.devstack.images.SyntheticImages;
import io.imagelake.testing.EventWriter;
import io.imagelake.testing.InfraPart;
import io.imagelake.testing.LakeInfra;
import io.imagelake.testing.TestEvents;
import io.imagelake.testing.TopicReader;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A crash between storing an original and announcing it loses nothing. */
@SpringBootTest(
        properties = {
            "lake.ingest.reconciler.delay=0s",
            "lake.ingest.reconciler.abandon-after=0s",
            "lake.ingest.reconciler.interval=1h",
            "lake.ingest.stream.enabled=false"
        })
class PendingEventReconcilerIT {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        LakeInfra.properties(InfraPart.KAFKA, InfraPart.S3).forEach((k, v) -> registry.add(k, () -> v));
    }

    private final Endpoints endpoints = LakeInfra.start(InfraPart.KAFKA, InfraPart.S3);

    @Autowired
    PendingEvents pending;

    @Autowired
    BronzeWriter bronze;

    @Autowired
    PendingEventReconciler reconciler;

    @Test
    void anOriginalStoredButNeverAnnouncedIsAnnouncedByTheReconciler() throws Exception {
        ImageIngested event = event();
        byte[] image = SyntheticImages.jpeg(31, 64, 64);
        // what a process that died right after the bronze write leaves behind
        pending.put(event);
        bronze.write(event.bronze().key(), new ByteArrayInputStream(image), image.length, "image/jpeg", Map.of());

        reconciler.reconcileOnce();

        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.INGESTED)) {
            var records = reader.await(r -> event.imageId().equals(r.key()), 1, Duration.ofSeconds(20));
            assertThat(records).hasSize(1);
            assertThat(EventCodec.decode(records.getFirst().value(), ImageIngested.class)
                            .eventId())
                    .isEqualTo(event.eventId());
        }
        pending.flushClears();
        assertThat(pending.list()).noneMatch(m -> m.key().contains(event.imageId()));
    }

    @Test
    void aMarkerWhoseOriginalNeverArrivedIsDroppedWithoutAnEvent() throws Exception {
        ImageIngested event = event();
        pending.put(event);

        reconciler.reconcileOnce();
        pending.flushClears();

        assertThat(pending.list()).noneMatch(m -> m.key().contains(event.imageId()));
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.INGESTED)) {
            assertThat(reader.await(r -> event.imageId().equals(r.key()), 1, Duration.ofSeconds(3)))
                    .isEmpty();
        }
    }

    @Test
    void anOrphanTheCatalogAsksAboutIsAnnouncedFromTheObjectItselfAndAlwaysAsTheSameEvent() throws Exception {
        ImageIngested event = event();
        byte[] image = SyntheticImages.jpeg(32, 64, 64);
        // stored, announced to nobody, and its marker gone: only the object knows what it is
        bronze.write(
                event.bronze().key(),
                new ByteArrayInputStream(image),
                image.length,
                "image/jpeg",
                new OriginalMetadata(event.imageId(), event.customerId(), "jpeg", Source.STREAM, "ab".repeat(32), null)
                        .toUserMetadata());
        ReemitRequested request = new ReemitRequested(
                ReemitRequested.CURRENT_SCHEMA_VERSION,
                UUID.randomUUID().toString(),
                "bronze",
                event.bronze().key(),
                event.customerId(),
                event.imageId(),
                Instant.now());
        ReemitRequested unknown = new ReemitRequested(
                ReemitRequested.CURRENT_SCHEMA_VERSION,
                UUID.randomUUID().toString(),
                "bronze",
                event.customerId() + "/2026/01/01/nothing-here",
                event.customerId(),
                "nothing-here",
                Instant.now());

        try (EventWriter writer = new EventWriter(endpoints.kafkaBootstrap())) {
            writer.send(Topics.REEMIT, event.imageId(), EventCodec.encode(request));
            writer.send(Topics.REEMIT, "nothing-here", EventCodec.encode(unknown));
            writer.send(Topics.REEMIT, event.imageId(), EventCodec.encode(request));
        }

        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.INGESTED)) {
            List<ImageIngested> announced = reader
                    .await(
                            r -> event.imageId().equals(r.key()) || "nothing-here".equals(r.key()),
                            3,
                            Duration.ofSeconds(8))
                    .stream()
                    .map(r -> EventCodec.decode(r.value(), ImageIngested.class))
                    .toList();
            assertThat(announced).hasSize(2).allSatisfy(e -> {
                assertThat(e.imageId()).isEqualTo(event.imageId());
                assertThat(e.customerId()).isEqualTo(event.customerId());
                assertThat(e.source()).isEqualTo(Source.STREAM);
                assertThat(e.bytes()).isEqualTo(image.length);
                assertThat(e.sha256()).isEqualTo("ab".repeat(32));
                assertThat(e.attributes()).containsEntry("recovered", "bronze-orphan");
            });
            assertThat(announced.get(1).eventId()).isEqualTo(announced.get(0).eventId());
        }
    }

    @Test
    void markersWrittenWhileOthersAreClearedAreAllStored() throws Exception {
        // on S3Proxy, clearing the last marker removes the _pending/ directory, also under a concurrent write:
        // half the events keep their marker (their publish "failed"), the other half clear theirs meanwhile
        List<ImageIngested> kept =
                IntStream.range(0, 750).mapToObj(i -> event()).toList();
        List<ImageIngested> cleared =
                IntStream.range(0, 750).mapToObj(i -> event()).toList();
        try (ExecutorService writers = Executors.newFixedThreadPool(8)) {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < kept.size(); i++) {
                ImageIngested keep = kept.get(i);
                ImageIngested clear = cleared.get(i);
                puts.add(writers.submit(() -> pending.put(keep)));
                puts.add(writers.submit(() -> {
                    pending.put(clear);
                    pending.clear(clear.imageId());
                    pending.flushClears();
                }));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        }
        pending.flushClears();

        for (ImageIngested event : kept) {
            assertThat(pending.find(event.imageId()).map(ImageIngested::eventId))
                    .as("the marker of %s", event.imageId())
                    .contains(event.eventId());
        }
        for (ImageIngested event : cleared) {
            assertThat(pending.find(event.imageId()))
                    .as("the cleared marker of %s", event.imageId())
                    .isEmpty();
        }
    }

    private ImageIngested event() {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        String id = ImageIds.random();
        Instant now = Instant.now();
        return TestEvents.ingested(tenant, id)
                .bronze(new ObjectRef("bronze", ObjectKeys.bronze(tenant, now, id)))
                .bytes(100)
                .sha256("00")
                .at(now)
                .build();
    }
}
