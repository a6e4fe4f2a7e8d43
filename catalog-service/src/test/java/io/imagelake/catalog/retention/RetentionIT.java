package io.imagelake.catalog.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import io.imagelake.catalog.CatalogOnRealServers;
import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.ImageIds;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.ImageNormalized;
import io.imagelake.contracts.ObjectKeys;
import io.imagelake.contracts.ObjectRef;
import io.imagelake.contracts.Source;
import io.imagelake.devstack.demo.LakeClient;
import io.imagelake.devstack.process.Await;
import io.imagelake.testing.EventWriter;
import io.imagelake.testing.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/** Retention sweeps and erasure against a real S3 server, Kafka broker and Mongo wire server. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"lake.catalog.retention.bronze=30d", "lake.catalog.retention.sweep-interval=1h"})
class RetentionIT extends CatalogOnRealServers {

    @Autowired
    RetentionSweeper sweeper;

    private final String tenant = "ret-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void bronzeOlderThanItsRetentionIsDeletedAndRecordedWhileSilverIsKept() throws Exception {
        String id = ImageIds.random();
        Instant receivedAt = Instant.now().minus(Duration.ofDays(40));
        ImageIngested ingested = ingested(id, receivedAt);
        put(ingested.bronze());
        ImageNormalized normalized = normalized(id);
        put(normalized.silver());
        ingestThenNormalize(ingested, normalized);

        sweeper.sweepOnce(Instant.now());

        JsonNode image = client().get(tenant, "/api/v1/images/" + id + "?include=lineage")
                .json();
        assertThat(image.get("zones").has("bronze")).isFalse();
        assertThat(image.get("zones").has("silver")).isTrue();
        assertThat(image.get("lineage").findValuesAsString("event")).contains("Expired");
        assertThat(exists(ingested.bronze())).isFalse();
        assertThat(exists(normalized.silver())).isTrue();
        assertThat(auditActions()).contains("retention.sweep");
    }

    @Test
    void aStreamRecordStatingAnOldTimeKeepsItsOriginalForTheRetentionCountedFromWhenTheLakeReceivedIt()
            throws Exception {
        String id = ImageIds.random();
        Instant now = Instant.now();
        ImageIngested ingested = ingested(id, Source.STREAM, now.minus(Duration.ofDays(400)), now);
        put(ingested.bronze());
        ImageNormalized normalized = normalized(id);
        put(normalized.silver());
        ingestThenNormalize(ingested, normalized);

        JsonNode view = client().get(tenant, "/api/v1/images/" + id).json();
        assertThat(Instant.parse(view.get("sourceTime").asString()))
                .isEqualTo(ingested.receivedAt().truncatedTo(ChronoUnit.MILLIS));
        assertThat(Instant.parse(view.get("createdAt").asString())).isEqualTo(now.truncatedTo(ChronoUnit.MILLIS));

        sweeper.sweepOnce(now.plus(Duration.ofDays(29)));
        assertThat(exists(ingested.bronze()))
                .as("29 days after the lake received it")
                .isTrue();

        sweeper.sweepOnce(now.plus(Duration.ofDays(31)));
        assertThat(exists(ingested.bronze())).as("31 days after").isFalse();
    }

    @Test
    void theOriginalOfAnImageNotYetProcessedIsNeverSwept() throws Exception {
        String id = ImageIds.random();
        Instant longAgo = Instant.now().minus(Duration.ofDays(90));
        ImageIngested ingested = ingested(id, longAgo);
        put(ingested.bronze());
        publish(ingested);
        await(id, image -> "RECEIVED".equals(image.get("status").asString()));

        sweeper.sweepOnce(Instant.now());

        assertThat(exists(ingested.bronze()))
                .as("the only copy of an image still RECEIVED")
                .isTrue();
        assertThat(client().get(tenant, "/api/v1/images/" + id)
                        .json()
                        .get("zones")
                        .has("bronze"))
                .isTrue();
    }

    @Test
    void anErasedImageIsGoneFromEveryZoneAndEveryReadAndItsErasureIsAudited() throws Exception {
        String id = ImageIds.random();
        ImageIngested ingested = ingested(id, Instant.now());
        put(ingested.bronze());
        ImageNormalized normalized = normalized(id);
        put(normalized.silver());
        ObjectRef thumbnail = new ObjectRef("silver", ObjectKeys.silverThumbnail(tenant, id, "v1"));
        put(thumbnail);
        ObjectRef cropCentre = new ObjectRef("silver", ObjectKeys.cropCentre(tenant, id));
        put(cropCentre);
        // an older pipeline version's renditions, which the catalog no longer points at
        ObjectRef olderSilver = new ObjectRef("silver", ObjectKeys.silver(tenant, id, "v0"));
        ObjectRef olderGold = new ObjectRef("gold", ObjectKeys.gold(tenant, id, "v0"));
        put(olderSilver);
        put(olderGold);
        // what ingest-api kept of the upload's Idempotency-Key: the bytes' SHA-256 and the receipt
        ObjectRef idempotency = new ObjectRef("bronze", ObjectKeys.idempotencyRecord(tenant, id));
        put(idempotency);
        ingestThenNormalize(ingested, normalized);

        assertThat(delete("someone-else", id)).isEqualTo(404);
        assertThat(delete(tenant, id)).isEqualTo(204);

        assertThat(client().get(tenant, "/api/v1/images/" + id).status()).isEqualTo(404);
        assertThat(client().get(tenant, "/api/v1/images").json().get("items").findValuesAsString("imageId"))
                .doesNotContain(id);
        assertThat(exists(ingested.bronze())).isFalse();
        assertThat(exists(normalized.silver())).isFalse();
        assertThat(exists(thumbnail)).isFalse();
        assertThat(exists(cropCentre))
                .as("the crop-dedupe patch is image content too")
                .isFalse();
        assertThat(exists(olderSilver))
                .as("an older version's silver rendition")
                .isFalse();
        assertThat(exists(olderGold)).as("an older version's gold rendition").isFalse();
        assertThat(exists(idempotency))
                .as("the idempotency record, which holds the bytes' fingerprint")
                .isFalse();
        assertThat(auditActions()).contains("image.erase");
        assertThat(delete(tenant, id)).isEqualTo(404);

        // the normalizer finishes after the erasure: its silver object must not survive
        ImageNormalized late = normalized(id);
        put(late.silver());
        put(thumbnail);
        put(cropCentre);
        publish(late);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while ((exists(late.silver()) || exists(thumbnail) || exists(cropCentre)) && System.nanoTime() < deadline) {
            Await.sleep(200);
        }
        assertThat(exists(late.silver())).isFalse();
        assertThat(exists(thumbnail)).isFalse();
        assertThat(exists(cropCentre)).isFalse();
        assertThat(client().get(tenant, "/api/v1/images/" + id).status()).isEqualTo(404);
    }

    private List<String> auditActions() {
        try (MongoClient mongo = MongoClients.create(endpoints.mongoUri())) {
            return mongo
                    .getDatabase("lake")
                    .getCollection("audit")
                    // the actor is who asked, as the verified token names them (a test key of the tenant), not the
                    // tenant
                    .find(Filters.or(
                            Filters.eq("actor", "key:test-" + tenant), Filters.eq("action", "retention.sweep")))
                    .into(new ArrayList<Document>())
                    .stream()
                    .map(d -> d.getString("action"))
                    .toList();
        }
    }

    private int delete(String asTenant, String id) {
        return client().delete(asTenant, "/api/v1/images/" + id).status();
    }

    private JsonNode await(String id, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            LakeClient.Answer answer = client().get(tenant, "/api/v1/images/" + id);
            if (answer.status() == 200 && condition.test(answer.json())) {
                return answer.json();
            }
            Await.sleep(200);
        }
        throw new AssertionError("image " + id + " did not reach the expected state");
    }

    /**
     * The two events travel on different topics, which the catalog may read in either order: each is
     * awaited before the next is published, so that the sweep meets an image with both zones.
     */
    private void ingestThenNormalize(ImageIngested ingested, ImageNormalized normalized) {
        String id = ingested.imageId();
        publish(ingested);
        await(id, image -> image.get("zones").has("bronze"));
        publish(normalized);
        await(
                id,
                image -> image.get("zones").has("silver")
                        && !"RECEIVED".equals(image.get("status").asString()));
    }

    private void publish(ImageEvent... events) {
        try (EventWriter writer = new EventWriter(endpoints.kafkaBootstrap())) {
            for (ImageEvent event : events) {
                writer.publish(event);
            }
        }
    }

    private ImageIngested ingested(String id, Instant receivedAt) {
        return ingested(id, Source.UPLOAD, receivedAt, receivedAt);
    }

    /** {@code statedAt}: the time the source states; {@code lakeReceivedAt}: when ingest-api took the image. */
    private ImageIngested ingested(String id, Source source, Instant statedAt, Instant lakeReceivedAt) {
        return TestEvents.ingested(tenant, id)
                .source(source)
                .bronze(new ObjectRef("bronze", ObjectKeys.bronze(tenant, statedAt, id)))
                .bytes(5)
                .caption("secret caption")
                .tags(List.of("t"))
                .at(statedAt, lakeReceivedAt)
                .build();
    }

    private ImageNormalized normalized(String id) {
        return TestEvents.normalized(tenant, id)
                .silver(new ObjectRef("silver", ObjectKeys.silver(tenant, id, "v1")))
                .build();
    }
}
