package io.imagelake.catalog.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import io.imagelake.catalog.CatalogOnRealServers;
import io.imagelake.contracts.Scopes;
import io.imagelake.contracts.Topics;
import io.imagelake.devstack.demo.LakeClient;
import io.imagelake.testing.TestIdentity;
import io.imagelake.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/** The dead-letter admin API on a real broker and Mongo: what an operator (and {@code ./lake dlq}) sees and does. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeadLetterAdminIT extends CatalogOnRealServers {

    private static final String DLQ = Topics.INCOMING_DLQ;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private LakeClient operator() {
        var identity = TestIdentity.get();
        return new LakeClient("http://127.0.0.1:" + port, t -> identity.token(t, List.of(Scopes.ADMIN)));
    }

    private void partnerRecordDeadLettered(String key, String code) throws Exception {
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of("bootstrap.servers", endpoints.kafkaBootstrap()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(DLQ, key, utf8("bytes"));
            record.headers().add("customer-id", utf8("globex"));
            record.headers().add("lake-error-code", utf8(code));
            record.headers().add("lake-original-offset", utf8(Topics.INCOMING + "/0/7"));
            producer.send(record).get();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anOperatorSeesEachTopicsCountAndItsRecordsByReasonAndReplaysThemAudited() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        String tooLarge = "rec-" + run + "-large";
        String unknown = "rec-" + run + "-unknown";
        partnerRecordDeadLettered(tooLarge, "TOO_LARGE");
        partnerRecordDeadLettered(unknown, "UNKNOWN_TENANT");

        LakeClient.Answer topics = operator().get("ops", "/api/v1/admin/dead-letters");
        assertThat(topics.status()).as(topics.body()).isEqualTo(200);
        assertThat(topics.json().valueStream().map(t -> t.get("topic").asString()))
                .containsExactlyInAnyOrderElementsOf(DeadLetterQueue.topics());
        JsonNode incoming = topics.json()
                .valueStream()
                .filter(t -> t.get("topic").asString().equals(DLQ))
                .findFirst()
                .orElseThrow();
        assertThat(incoming.get("source").asString()).isEqualTo(Topics.INCOMING);
        assertThat(incoming.get("records").asInt()).isGreaterThanOrEqualTo(2);

        LakeClient.Answer listed = operator()
                .get("ops", "/api/v1/admin/dead-letters/" + DLQ + "?reason=TOO_LARGE&limit=1000&since=" + before);
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        JsonNode record = listed.json()
                .get("records")
                .valueStream()
                .filter(r -> r.get("key").asString().equals(tooLarge))
                .findFirst()
                .orElseThrow();
        assertThat(record.get("tenant").asString()).isEqualTo("globex");
        assertThat(record.get("reason").asString()).isEqualTo("TOO_LARGE");
        assertThat(record.get("origin").asString()).isEqualTo(Topics.INCOMING + "/0/7");
        assertThat(Instant.parse(record.get("failedAt").asString())).isAfterOrEqualTo(before);
        assertThat(listed.json()
                        .get("records")
                        .valueStream()
                        .map(r -> r.get("key").asString()))
                .doesNotContain(unknown);

        LakeClient.Answer replayed = operator()
                .postJson(
                        "ops",
                        "/api/v1/admin/dead-letters/" + DLQ + "/replay",
                        "{\"reason\":\"TOO_LARGE\",\"since\":\"" + before + "\"}");
        assertThat(replayed.status()).as(replayed.body()).isEqualTo(200);
        String position =
                record.get("partition").asInt() + "/" + record.get("offset").asLong();
        assertThat(replayed.json().get("records").valueStream().map(JsonNode::asString))
                .contains(position);
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.INCOMING)) {
            var back = reader.await(r -> tooLarge.equals(r.key()), 1, Duration.ofSeconds(20))
                    .getFirst();
            assertThat(back.headers().lastHeader("lake-error-code"))
                    .as("not the failure")
                    .isNull();
            assertThat(back.headers().lastHeader("customer-id"))
                    .as("its own headers")
                    .isNotNull();
        }
        String unknownPosition = operator()
                .get("ops", "/api/v1/admin/dead-letters/" + DLQ + "?reason=UNKNOWN_TENANT&limit=1000")
                .json()
                .get("records")
                .valueStream()
                .filter(r -> r.get("key").asString().equals(unknown))
                .map(r -> r.get("partition").asInt() + "/" + r.get("offset").asLong())
                .findFirst()
                .orElseThrow();
        assertThat(replayed.json().get("records").valueStream().map(JsonNode::asString))
                .as("another reason is not replayed")
                .doesNotContain(unknownPosition);

        try (MongoClient mongo = MongoClients.create(endpoints.mongoUri())) {
            Document entry = mongo.getDatabase("lake")
                    .getCollection("audit")
                    .find(Filters.and(Filters.eq("action", "dlq.replay"), Filters.eq("details.records", position)))
                    .first();
            assertThat(entry).isNotNull();
            assertThat(entry.getString("actor")).isEqualTo("key:test-ops");
            assertThat(entry.get("details", Document.class).getString("reason")).isEqualTo("TOO_LARGE");
        }
    }

    @Test
    void aTenantCannotSeeOrReplayDeadLetters() {
        assertThat(client().get("acme", "/api/v1/admin/dead-letters").status()).isEqualTo(403);
        assertThat(client().postJson("acme", "/api/v1/admin/dead-letters/" + DLQ + "/replay", "{}")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void anUnknownTopicABadLimitOrSinceAndMalformedJsonAreProblems() {
        LakeClient.Answer unknown = operator().get("ops", "/api/v1/admin/dead-letters/lake.images.ingested");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("https://imagelake.dev/problems/not-found");
        LakeClient.Answer limit = operator().get("ops", "/api/v1/admin/dead-letters/" + DLQ + "?limit=0");
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.body()).contains("https://imagelake.dev/problems/validation", "limit");
        assertThat(operator()
                        .get("ops", "/api/v1/admin/dead-letters/" + DLQ + "?since=yesterday")
                        .status())
                .isEqualTo(400);
        LakeClient.Answer malformed =
                operator().postJson("ops", "/api/v1/admin/dead-letters/" + DLQ + "/replay", "{\"since\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).contains("problem+json"));
    }
}
