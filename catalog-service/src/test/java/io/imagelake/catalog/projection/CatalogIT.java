package io.imagelake.catalog.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.imagelake.catalog.CatalogOnRealServers;
import io.imagelake.catalog.metrics.CatalogGauges;
import io.imagelake.contracts.CatalogColumns;
import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.ImageIds;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.ImageNormalized;
import io.imagelake.contracts.ImagePromoted;
import io.imagelake.contracts.ImageRejected;
import io.imagelake.contracts.ImageStatus;
import io.imagelake.contracts.ObjectKeys;
import io.imagelake.contracts.ObjectRef;
import io.imagelake.contracts.Reason;
import io.imagelake.contracts.Topics;
import io.imagelake.devstack.demo.LakeClient;
import io.imagelake.devstack.process.Await;
import io.imagelake.testing.EventWriter;
import io.imagelake.testing.PrometheusSamples;
import io.imagelake.testing.TestEvents;
import io.imagelake.testing.TestIdentity;
import io.imagelake.testing.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/** The catalog projecting events from a real Kafka broker into a real Mongo wire-protocol server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CatalogIT extends CatalogOnRealServers {

    private LakeClient client;
    private EventWriter events;
    private String tenant;

    @BeforeEach
    void setUp() {
        client = TestIdentity.client("http://127.0.0.1:" + port);
        events = new EventWriter(endpoints.kafkaBootstrap());
        tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    @Test
    void anIngestedThenNormalizedImageShowsBothZonesWithPresignedUrls() {
        String id = ImageIds.random();
        events.publish(ingested(id, "e-1"));
        events.publish(normalized(id, "e-2"));

        JsonNode image =
                await(id, body -> "NORMALIZED".equals(body.get("status").asString()));

        assertThat(image.get("customerId").asString()).isEqualTo(tenant);
        assertThat(image.get("source").asString()).isEqualTo("UPLOAD");
        assertThat(image.get("zones").get("bronze").get("sha256").asString()).isEqualTo("ab".repeat(32));
        assertThat(image.get("zones").get("silver").get("width").asInt()).isEqualTo(1024);
        assertThat(image.get("zones").get("silver").get("url").asString())
                .contains("/silver/")
                .contains("X-Amz-Signature=")
                .contains("X-Amz-Expires=900");
        assertThat(image.get("zones").get("silver").get("thumbnailUrl").asString())
                .contains("/silver/" + tenant + "/" + id + "/")
                .contains("-thumb.jpg?")
                .contains("X-Amz-Signature=");
        assertThat(image.get("zones").get("bronze").has("thumbnailUrl")).isFalse();
        assertThat(image.get("caption").get("original").asString()).isEqualTo("Cà phê");
        assertThat(image.has("zones") && !image.get("zones").has("gold")).isTrue();
    }

    @Autowired
    CatalogGauges gauges;

    @Test
    void imagesByStatusAndZoneAndProjectionLagArePublished() {
        PrometheusSamples before =
                PrometheusSamples.parse(client.get(null, "/actuator/prometheus").body());
        String id = ImageIds.random();
        events.publish(ingested(id, "e-1"));
        events.publish(normalized(id, "e-2"));
        await(id, body -> "NORMALIZED".equals(body.get("status").asString()));

        gauges.refresh();
        PrometheusSamples after =
                PrometheusSamples.parse(client.get(null, "/actuator/prometheus").body());

        assertThat(after.sum("lake_catalog_images", "status", "NORMALIZED"))
                .as("this image, at least")
                .isGreaterThanOrEqualTo(1);
        assertThat(after.sum("lake_catalog_images_zone", "zone", "silver")).isGreaterThanOrEqualTo(1);
        assertThat(after.sum("lake_catalog_events_projected_total", "type", "ImageNormalized")
                        - before.sum("lake_catalog_events_projected_total", "type", "ImageNormalized"))
                .isEqualTo(1);
        assertThat(after.sum("lake_catalog_projection_lag_seconds_count")
                        - before.sum("lake_catalog_projection_lag_seconds_count"))
                .as("a lag per event projected")
                .isGreaterThanOrEqualTo(2);
    }

    /**
     * Events published together reach the catalog in polls of many (CatalogProjector.applyAll): each image ends as
     * events one at a time leave it, however the repeats, the late ones and the images fall across the polls.
     */
    @Test
    void manyImagesEventsRepeatsAndLateOnesTogetherEndAsOneAtATimeWould() {
        PrometheusSamples before =
                PrometheusSamples.parse(client.get(null, "/actuator/prometheus").body());
        List<String> ids = new ArrayList<>();
        List<String> promotions = new ArrayList<>();
        List<ImageEvent> firsts = new ArrayList<>();
        List<ImageEvent> repeats = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = ImageIds.random();
            ids.add(id);
            ImageNormalized normalized = normalized(id, id + "-n");
            ImageIngested ingested = ingested(id, id + "-i");
            ImagePromoted promoted = TestEvents.promoted(tenant, id);
            promotions.add(promoted.eventId());
            // the normalizer's events before the upload's for half of them, as partitions of two topics may deliver
            firsts.addAll(
                    i % 2 == 0 ? List.of(ingested, normalized, promoted) : List.of(promoted, normalized, ingested));
            repeats.addAll(List.of(normalized, ingested));
        }
        events.publishAll(firsts);
        events.publishAll(repeats);

        for (String id : ids) {
            await(
                    id,
                    body -> "PROMOTED".equals(body.get("status").asString())
                            && body.get("zones").has("bronze")
                            && body.get("zones").has("gold"));
        }
        List<Long> silver = new ArrayList<>();
        List<Long> gold = new ArrayList<>();
        try (MongoClient mongo = MongoClients.create(endpoints.mongoUri())) {
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                Document doc = mongo.getDatabase("lake")
                        .getCollection(CatalogColumns.COLLECTION)
                        .find(Filters.eq(CatalogColumns.ID, id))
                        .first();
                assertThat(doc.getList("applied_events", String.class))
                        .containsExactlyInAnyOrder(id + "-i", id + "-n", promotions.get(i));
                assertThat(doc.getList("lineage", Document.class)).hasSize(3);
                silver.add(doc.getLong("feed_seq_silver"));
                gold.add(doc.getLong("feed_seq_gold"));
            }
        }
        assertThat(silver).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(gold).doesNotContainNull().doesNotHaveDuplicates();
        PrometheusSamples after = awaitSamples(samples ->
                samples.sum("lake_catalog_events_duplicate_total") - before.sum("lake_catalog_events_duplicate_total")
                        >= 80);
        assertThat(after.sum("lake_catalog_events_projected_total") - before.sum("lake_catalog_events_projected_total"))
                .isEqualTo(120);
        assertThat(after.sum("lake_catalog_events_duplicate_total") - before.sum("lake_catalog_events_duplicate_total"))
                .isEqualTo(80);
        assertThat(after.sum("lake_catalog_projection_batch_fallbacks_total")
                        - before.sum("lake_catalog_projection_batch_fallbacks_total"))
                .as("every poll in bulk, none one event at a time")
                .isZero();
    }

    private PrometheusSamples awaitSamples(Predicate<PrometheusSamples> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            PrometheusSamples samples = PrometheusSamples.parse(
                    client.get(null, "/actuator/prometheus").body());
            if (condition.test(samples) || System.nanoTime() > deadline) {
                return samples;
            }
            Await.sleep(200);
        }
    }

    @Test
    void aLateIngestedEventNeverMovesStatusBackwards() {
        String id = ImageIds.random();
        events.publish(normalized(id, "e-2"));
        await(id, body -> "NORMALIZED".equals(body.get("status").asString()));

        events.publish(ingested(id, "e-1"));

        JsonNode image = await(id, body -> body.get("zones").has("bronze"));
        assertThat(image.get("status").asString()).isEqualTo("NORMALIZED");
        assertThat(image.get("zones").has("silver")).isTrue();
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        String id = ImageIds.random();
        ImageIngested event = ingested(id, "e-1");
        events.publish(event);
        events.publish(event);
        events.publish(normalized(id, "e-2"));
        await(id, body -> "NORMALIZED".equals(body.get("status").asString()));

        JsonNode image =
                client.get(tenant, "/api/v1/images/" + id + "?include=lineage").json();

        assertThat(image.get("lineage").findValuesAsString("event"))
                .containsExactly("ImageIngested", "ImageNormalized");
        try (MongoClient mongo = MongoClients.create(endpoints.mongoUri())) {
            Document doc = mongo.getDatabase("lake")
                    .getCollection(CatalogColumns.COLLECTION)
                    .find(Filters.eq(CatalogColumns.ID, id))
                    .first();
            assertThat(doc.getList("applied_events", String.class)).containsExactly("e-1", "e-2");
        }
    }

    @Test
    void anEventRecordedButCutOffBeforeItsStatusAdvanceAdvancesTheStatusWhenRedelivered() {
        String id = ImageIds.random();
        events.publish(ingested(id, "e-1"));
        await(id, body -> "RECEIVED".equals(body.get("status").asString()));
        // as a crash between the projection's two updates leaves it: the event recorded as applied, the status not
        // advanced
        try (MongoClient mongo = MongoClients.create(endpoints.mongoUri())) {
            mongo.getDatabase("lake")
                    .getCollection(CatalogColumns.COLLECTION)
                    .updateOne(Filters.eq(CatalogColumns.ID, id), Updates.push("applied_events", "e-2"));
        }

        events.publish(normalized(id, "e-2")); // the redelivery after the restart

        JsonNode image =
                await(id, body -> "NORMALIZED".equals(body.get("status").asString()));
        assertThat(image.get("status").asString()).isEqualTo("NORMALIZED");
    }

    @Test
    void aRejectionCarriesItsReasons() {
        String id = ImageIds.random();
        events.publish(ingested(id, "e-1"));
        events.publish(new ImageRejected(
                1,
                "e-3",
                id,
                tenant,
                "v1",
                ImageStatus.REJECTED,
                List.of(new Reason("CORRUPT", "cannot decode")),
                null,
                Instant.now()));

        JsonNode image = await(id, body -> "REJECTED".equals(body.get("status").asString()));

        assertThat(image.get("reasons").get(0).get("code").asString()).isEqualTo("CORRUPT");
    }

    @Test
    void aReprocessedImageTakesTheNewPipelineVersionsVerdictAndALateOldEventChangesNothing() {
        String id = ImageIds.random();
        Instant t0 = Instant.now().minusSeconds(60);
        events.publish(ingested(id, "e-1"));
        events.publish(rejected(id, "v1-curated", "v1", t0.plusSeconds(2)));
        await(id, body -> "REJECTED".equals(body.get("status").asString()));

        // v2 re-normalizes and promotes what v1 rejected
        events.publish(normalizedBy(id, "v2-normalized", "v2", t0.plusSeconds(30)));
        events.publish(new ImagePromoted(
                ImageEvent.CURRENT_SCHEMA_VERSION,
                "v2-curated",
                id,
                tenant,
                "v2",
                new ObjectRef("gold", ObjectKeys.gold(tenant, id, "v2")),
                t0.plusSeconds(31)));
        JsonNode promoted =
                await(id, body -> "PROMOTED".equals(body.get("status").asString()));
        assertThat(promoted.get("reasons")).isEmpty();
        assertThat(promoted.get("zones").get("silver").get("key").asString()).contains("v2");

        // an event of v1 that was never applied, arriving after v2's verdict; then a barrier (same key,
        // same partition: projected after it)
        events.publish(rejected(id, "v1-late", "v1", t0.plusSeconds(5)));
        events.publish(ingested(id, "e-barrier"));
        await(
                id,
                body -> client
                                .get(tenant, "/api/v1/images/" + id + "?include=lineage")
                                .json()
                                .get("lineage")
                                .findValuesAsString("event")
                                .stream()
                                .filter("ImageIngested"::equals)
                                .count()
                        == 2);
        assertThat(client.get(tenant, "/api/v1/images/" + id)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("PROMOTED");
    }

    private ImageRejected rejected(String id, String eventId, String version, Instant at) {
        return new ImageRejected(
                ImageEvent.CURRENT_SCHEMA_VERSION,
                eventId,
                id,
                tenant,
                version,
                ImageStatus.REJECTED,
                List.of(new Reason("BLURRY", "blur above the gate")),
                null,
                at);
    }

    private ImageNormalized normalizedBy(String id, String eventId, String version, Instant at) {
        return TestEvents.normalized(tenant, id)
                .eventId(eventId)
                .pipelineVersion(version)
                .silver(new ObjectRef("silver", ObjectKeys.silver(tenant, id, version)))
                .size(1024, 768)
                .bytes(999)
                .original(new ImageNormalized.Original(2048, 1536, "jpeg", 1, null, null, null))
                .at(at)
                .build();
    }

    @Test
    void aForgedPromotionNamingAnotherTenantsGoldIsDeadLetteredAndNothingOfItIsPresigned() {
        String id = ImageIds.random();
        events.publish(ingested(id, "e-" + id));
        await(id, body -> true);
        var forged = new ImagePromoted(
                ImageEvent.CURRENT_SCHEMA_VERSION,
                "forged-" + id,
                id,
                tenant,
                "v1",
                new ObjectRef("gold", ObjectKeys.gold("victim-tenant", ImageIds.random(), "v1")),
                Instant.now());
        var traversal = new ImagePromoted(
                ImageEvent.CURRENT_SCHEMA_VERSION,
                "dots-" + id,
                id,
                tenant,
                "v1",
                new ObjectRef("gold", tenant + "/../victim-tenant/images/x/v1.jpg"),
                Instant.now());

        events.publish(forged);
        events.publish(traversal);

        try (TopicReader dead = new TopicReader(endpoints.kafkaBootstrap(), Topics.deadLetterOf(Topics.PROMOTED))) {
            assertThat(dead.await(r -> id.equals(r.key()), 2, Duration.ofSeconds(60)))
                    .hasSize(2);
        }
        assertThat(client.get(tenant, "/api/v1/images/" + id)
                        .json()
                        .get("zones")
                        .has("gold"))
                .isFalse();
    }

    @Test
    void anotherTenantsImageIsNotFoundExactlyLikeAMissingOne() {
        String id = ImageIds.random();
        events.publish(ingested(id, "e-1"));
        await(id, body -> true);

        LakeClient.Answer foreign = client.get("someone-else", "/api/v1/images/" + id);
        LakeClient.Answer missing = client.get("someone-else", "/api/v1/images/" + ImageIds.random());

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(foreign.json().get("type").asString())
                .isEqualTo(missing.json().get("type").asString());
        assertThat(client.get(null, "/api/v1/images/" + id).status()).isEqualTo(401);
    }

    @Test
    void trinoSeesEveryAnalyticsColumnThroughTheSchemaCollection() {
        try (MongoClient mongo = MongoClients.create(endpoints.mongoUri())) {
            Document schema = mongo.getDatabase("lake")
                    .getCollection("_schema")
                    .find(Filters.eq("table", CatalogColumns.COLLECTION))
                    .first();
            assertThat(schema).isNotNull();
            assertThat(schema.getList("fields", Document.class))
                    .extracting(d -> d.getString("name"))
                    .containsAll(CatalogColumns.SQL_COLUMNS.stream()
                            .map(CatalogColumns.Column::name)
                            .toList());
        }
    }

    @Test
    void theListingPagesThroughEveryImageNewestFirstWithoutRepeats() {
        List<String> ids = new ArrayList<>();
        Instant base = Instant.parse("2026-03-01T10:00:00Z");
        for (int i = 0; i < 5; i++) {
            String id = ImageIds.random();
            ids.add(id);
            events.publish(
                    ingestedAt(id, "e-" + id, base.plusSeconds(i), i % 2 == 0 ? List.of("even") : List.of("odd")));
        }
        events.publish(normalized(ids.get(4), "n-4"));
        await(ids.get(4), body -> "NORMALIZED".equals(body.get("status").asString()));
        ids.forEach(id -> await(id, body -> true));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = client.get(tenant, "/api/v1/images?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            page.get("items").forEach(item -> seen.add(item.get("imageId").asString()));
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asString() : null;
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(ids.reversed());
        assertThat(ids(client.get(tenant, "/api/v1/images?tag=even").json()))
                .containsExactly(ids.get(4), ids.get(2), ids.get(0));
        assertThat(ids(client.get(tenant, "/api/v1/images?status=normalized").json()))
                .containsExactly(ids.get(4));
        assertThat(ids(client.get(tenant, "/api/v1/images?zone=silver").json())).containsExactly(ids.get(4));
        assertThat(ids(client.get(tenant, "/api/v1/images?q=Ph%C3%AA").json())).containsExactly(ids.get(4));
        assertThat(ids(client.get(tenant, "/api/v1/images?q=tr%C3%A0").json())).isEmpty();
        assertThat(ids(client.get(tenant, "/api/v1/images?from=2026-03-01T10:00:01Z&to=2026-03-01T10:00:03Z")
                        .json()))
                .containsExactly(ids.get(2), ids.get(1));
        assertThat(ids(client.get("someone-else", "/api/v1/images").json())).doesNotContainAnyElementsOf(ids);
    }

    @Test
    void aListingWithABadCursorLimitOrStatusIsABadRequest() {
        for (String query :
                List.of("cursor=not-ours", "limit=0", "limit=1001", "status=LOST", "zone=platinum", "from=yesterday")) {
            LakeClient.Answer answer = client.get(tenant, "/api/v1/images?" + query);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.json().get("type").asString()).isEqualTo("https://imagelake.dev/problems/validation");
        }
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("imageId").asString()));
        return ids;
    }

    private ImageIngested ingestedAt(String id, String eventId, Instant receivedAt, List<String> tags) {
        return TestEvents.ingested(tenant, id)
                .eventId(eventId)
                .bronze(new ObjectRef("bronze", ObjectKeys.bronze(tenant, receivedAt, id)))
                .bytes(1234)
                .tags(tags)
                .at(receivedAt)
                .build();
    }

    private JsonNode await(String id, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            LakeClient.Answer answer = client.get(tenant, "/api/v1/images/" + id);
            if (answer.status() == 200 && condition.test(answer.json())) {
                return answer.json();
            }
            Await.sleep(200);
        }
        throw new AssertionError("image " + id + " did not reach the expected state");
    }

    private ImageIngested ingested(String id, String eventId) {
        Instant now = Instant.now();
        return TestEvents.ingested(tenant, id)
                .eventId(eventId)
                .bronze(new ObjectRef("bronze", ObjectKeys.bronze(tenant, now, id)))
                .bytes(1234)
                .caption("Cà phê")
                .tags(List.of("drink"))
                .at(now)
                .build();
    }

    private ImageNormalized normalized(String id, String eventId) {
        return TestEvents.normalized(tenant, id)
                .eventId(eventId)
                .silver(new ObjectRef("silver", ObjectKeys.silver(tenant, id, "v1")))
                .size(1024, 768)
                .bytes(999)
                .original(new ImageNormalized.Original(2048, 1536, "jpeg", 1, null, null, null))
                .caption(new ImageNormalized.Caption("Cà phê", "cà phê", List.of("cà", "phê"), "vi"))
                .build();
    }
}
