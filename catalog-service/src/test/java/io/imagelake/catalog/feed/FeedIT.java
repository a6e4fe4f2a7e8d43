package io.imagelake.catalog.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.imagelake.catalog.CatalogOnRealServers;
import io.imagelake.contracts.ImageIds;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.ImageNormalized;
import io.imagelake.contracts.ObjectKeys;
import io.imagelake.contracts.ObjectRef;
import io.imagelake.devstack.demo.LakeClient;
import io.imagelake.devstack.process.Await;
import io.imagelake.testing.EventWriter;
import io.imagelake.testing.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/** The trainers' feed on a real Kafka broker and Mongo wire-protocol server. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "lake.catalog.feed.gap-grace=2s")
class FeedIT extends CatalogOnRealServers {

    @Test
    void aTrainerFollowingTheFeedWhileImagesArriveSeesEachExactlyOnce() throws Exception {
        String tenant = tenant();
        String other = tenant();
        LakeClient client = client();
        int images = 60;
        List<String> written = new ArrayList<>();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (EventWriter events = new EventWriter(endpoints.kafkaBootstrap())) {
                for (int i = 0; i < images; i++) {
                    String id = ImageIds.random();
                    String owner = i % 3 == 0 ? other : tenant;
                    events.publish(ingested(owner, id));
                    events.publish(normalized(owner, id));
                    if (owner.equals(tenant)) {
                        synchronized (written) {
                            written.add(id);
                        }
                    }
                    Await.sleep(30);
                }
            }
        });

        List<String> read = new ArrayList<>();
        String cursor = null;
        int emptyAfterWriter = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (emptyAfterWriter < 3 && System.nanoTime() < deadline) {
            JsonNode page = client.get(
                            tenant, "/api/v1/feed?zone=silver&limit=7" + (cursor == null ? "" : "&since=" + cursor))
                    .json();
            page.get("items").forEach(item -> read.add(item.get("imageId").asString()));
            assertThat(page.get("nextCursor").asString()).isNotBlank();
            cursor = page.get("nextCursor").asString();
            if (page.get("items").isEmpty()) {
                if (writer.isDone() && caughtUp(written, read)) {
                    emptyAfterWriter++;
                }
                Await.sleep(100);
            }
        }
        writer.get();

        assertThat(read).doesNotHaveDuplicates();
        assertThat(read).containsExactlyInAnyOrderElementsOf(written);
    }

    @Test
    void aRedeliveredNormalizedEventDoesNotEnterTheFeedTwice() {
        String tenant = tenant();
        String id = ImageIds.random();
        try (EventWriter events = new EventWriter(endpoints.kafkaBootstrap())) {
            events.publish(ingested(tenant, id));
            ImageNormalized normalized = normalized(tenant, id);
            events.publish(normalized);
            events.publish(normalized);
            events.publish(normalized(tenant, id)); // a reprocessing: another event, same image
        }
        assertThat(drain(tenant, 1, Duration.ofSeconds(20))).contains(id);
        // the events of one image share a partition: once the reprocessing's step is in the lineage
        // (ingest, normalization, reprocessing), the redelivery before it was projected too
        Await.healthy(
                null,
                Duration.ofSeconds(20),
                () -> Await.safely(() -> client().get(tenant, "/api/v1/images/" + id + "?include=lineage")
                                .json()
                                .get("lineage")
                                .size()
                        == 3));

        assertThat(drain(tenant, 1, Duration.ofSeconds(5))).containsExactly(id);
    }

    @Test
    void aNumberThatWasNeverWrittenHoldsTheFeedOnlyForTheGrace() {
        String tenant = tenant();
        try (MongoClient mongo = MongoClients.create(endpoints.mongoUri())) {
            // what a writer that took a number and died leaves: a gap in the sequence
            mongo.getDatabase("lake")
                    .getCollection("counters")
                    .updateOne(
                            Filters.eq("_id", "feed:silver"), Updates.inc("seq", 1L), new UpdateOptions().upsert(true));
        }
        String id = ImageIds.random();
        try (EventWriter events = new EventWriter(endpoints.kafkaBootstrap())) {
            events.publish(ingested(tenant, id));
            events.publish(normalized(tenant, id));
        }

        assertThat(drain(tenant, 1, Duration.ofSeconds(30))).containsExactly(id);
    }

    @Test
    void anErasedImageLeavesTheFeedAndTheImagesAroundItStay() {
        String tenant = tenant();
        List<String> ids = List.of(ImageIds.random(), ImageIds.random(), ImageIds.random());
        try (EventWriter events = new EventWriter(endpoints.kafkaBootstrap())) {
            for (String id : ids) {
                events.publish(ingested(tenant, id));
                events.publish(normalized(tenant, id));
            }
        }
        assertThat(drain(tenant, 3, Duration.ofSeconds(30))).containsExactlyInAnyOrderElementsOf(ids);

        assertThat(client().delete(tenant, "/api/v1/images/" + ids.get(1)).status())
                .isEqualTo(204);

        assertThat(drain(tenant, 2, Duration.ofSeconds(5))).containsExactlyInAnyOrder(ids.get(0), ids.get(2));
    }

    @Test
    void aCursorOfAnotherZoneOrForgedIsABadRequest() {
        LakeClient client = client();
        String goldCursor = client.get(tenant(), "/api/v1/feed?zone=gold")
                .json()
                .get("nextCursor")
                .asString();

        assertThat(client.get(tenant(), "/api/v1/feed?zone=silver&since=" + goldCursor)
                        .status())
                .isEqualTo(400);
        assertThat(client.get(tenant(), "/api/v1/feed?zone=silver&since=garbage")
                        .status())
                .isEqualTo(400);
        assertThat(client.get(tenant(), "/api/v1/feed?zone=bronze").status()).isEqualTo(400);
        assertThat(client.get(tenant(), "/api/v1/feed?limit=1001").status()).isEqualTo(400);
    }

    private List<String> drain(String tenant, int atLeast, Duration timeout) {
        LakeClient client = client();
        List<String> read = new ArrayList<>();
        String cursor = null;
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            JsonNode page = client.get(tenant, "/api/v1/feed?zone=silver" + (cursor == null ? "" : "&since=" + cursor))
                    .json();
            page.get("items").forEach(item -> read.add(item.get("imageId").asString()));
            cursor = page.get("nextCursor").asString();
            if (read.size() < atLeast) {
                Await.sleep(200);
            }
        } while (read.size() < atLeast && System.nanoTime() < deadline);
        return read;
    }

    private static boolean caughtUp(List<String> written, List<String> read) {
        synchronized (written) {
            Set<String> seen = new HashSet<>(read);
            return seen.containsAll(written);
        }
    }

    private static String tenant() {
        return "feed-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ImageIngested ingested(String tenant, String id) {
        Instant now = Instant.now();
        return TestEvents.ingested(tenant, id)
                .bronze(new ObjectRef("bronze", ObjectKeys.bronze(tenant, now, id)))
                .at(now)
                .build();
    }

    private static ImageNormalized normalized(String tenant, String id) {
        return TestEvents.normalized(tenant, id)
                .silver(new ObjectRef("silver", ObjectKeys.silver(tenant, id, "v1")))
                .build();
    }
}
