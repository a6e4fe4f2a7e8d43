package io.imagelake.catalog.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.catalog.CatalogOnRealServers;
import io.imagelake.contracts.EventCodec;
import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.ImageIds;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.ImageNormalized;
import io.imagelake.contracts.ObjectKeys;
import io.imagelake.contracts.ObjectRef;
import io.imagelake.contracts.ReemitRequested;
import io.imagelake.contracts.Scopes;
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
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/** The catalog checked against a real S3 server; orphans are handed to ingest-api over a real Kafka topic. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"lake.catalog.integrity.orphan-grace=0s", "lake.catalog.integrity.interval=1h"})
class IntegrityIT extends CatalogOnRealServers {

    private final String tenant = "int-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void entriesWhoseObjectsAreMissingAreReportedAndBronzeOrphansAreHandedToIngest() throws Exception {
        String whole = ImageIds.random();
        String silverLost = ImageIds.random();
        String orphan = ImageIds.random();
        Instant now = Instant.now();
        put(ingested(whole, now).bronze());
        put(normalized(whole).silver());
        put(ingested(silverLost, now).bronze());
        ObjectRef orphanRef = new ObjectRef("bronze", ObjectKeys.bronze(tenant, now, orphan));
        put(orphanRef);
        try (EventWriter writer = new EventWriter(endpoints.kafkaBootstrap())) {
            for (ImageEvent event : List.of(
                    ingested(whole, now), normalized(whole), ingested(silverLost, now), normalized(silverLost))) {
                writer.publish(event);
            }
        }
        awaitSilver(whole);
        awaitSilver(silverLost);

        LakeClient.Answer answer = asOperator("POST");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode report = answer.json();

        assertThat(report.get("missing").findValuesAsString("imageId"))
                .contains(silverLost)
                .doesNotContain(whole);
        assertThat(report.get("missingByZone").get("silver").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(report.get("orphanSample").findValuesAsString("imageId"))
                .contains(orphan)
                .doesNotContain(whole, silverLost);
        assertThat(asOperator("GET").json().get("startedAt")).isEqualTo(report.get("startedAt"));
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.REEMIT)) {
            var requests = reader.await(r -> orphan.equals(r.key()), 1, Duration.ofSeconds(20));
            ReemitRequested request = EventCodec.decode(requests.getFirst().value(), ReemitRequested.class);
            assertThat(request.key()).isEqualTo(orphanRef.key());
            assertThat(request.customerId()).isEqualTo(tenant);
        }
        PrometheusSamples metrics = PrometheusSamples.parse(new LakeClient("http://127.0.0.1:" + port)
                .get(null, "/actuator/prometheus")
                .body());
        assertThat(metrics.sum("lake_catalog_integrity_missing", "zone", "silver"))
                .isEqualTo(report.get("missingByZone").get("silver").asDouble());
        assertThat(metrics.has("lake_catalog_integrity_orphans")).isTrue();
    }

    @Test
    void onlyAnOperatorMayCheckIntegrity() {
        LakeClient tenantClient = TestIdentity.client("http://127.0.0.1:" + port);
        assertThat(tenantClient
                        .postJson(tenant, "/api/v1/admin/integrity", "{}")
                        .status())
                .isEqualTo(403);
        assertThat(new LakeClient("http://127.0.0.1:" + port)
                        .postJson(null, "/api/v1/admin/integrity", "{}")
                        .status())
                .isEqualTo(401);
    }

    /** As an operator: a token with the admin scope. */
    private LakeClient.Answer asOperator(String method) {
        var identity = TestIdentity.get();
        LakeClient operator = new LakeClient("http://127.0.0.1:" + port, t -> identity.token(t, List.of(Scopes.ADMIN)));
        return "POST".equals(method)
                ? operator.postJson("ops", "/api/v1/admin/integrity", "{}")
                : operator.get("ops", "/api/v1/admin/integrity");
    }

    private void awaitSilver(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            LakeClient.Answer answer =
                    TestIdentity.client("http://127.0.0.1:" + port).get(tenant, "/api/v1/images/" + id);
            if (answer.status() == 200 && answer.json().get("zones").has("silver")) {
                return;
            }
            Await.sleep(100);
        }
        throw new AssertionError("image " + id + " not in silver");
    }

    private ImageIngested ingested(String id, Instant at) {
        return TestEvents.ingested(tenant, id)
                .eventId("ingested-" + id)
                .bronze(new ObjectRef("bronze", ObjectKeys.bronze(tenant, at, id)))
                .bytes(5)
                .at(at)
                .build();
    }

    private ImageNormalized normalized(String id) {
        return TestEvents.normalized(tenant, id)
                .eventId("normalized-" + id)
                .silver(new ObjectRef("silver", ObjectKeys.silver(tenant, id, "v1")))
                .build();
    }
}
