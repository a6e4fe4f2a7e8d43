package io.imagelake.catalog.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.imagelake.catalog.CatalogOnRealServers;
import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.ImageIds;
import io.imagelake.contracts.ImagePromoted;
import io.imagelake.contracts.ImageRejected;
import io.imagelake.contracts.ImageStatus;
import io.imagelake.contracts.ObjectKeys;
import io.imagelake.contracts.ObjectRef;
import io.imagelake.contracts.Reason;
import io.imagelake.devstack.demo.LakeClient;
import io.imagelake.devstack.process.Await;
import io.imagelake.testing.EventWriter;
import io.imagelake.testing.TestEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * Tenants' webhooks on a real Kafka broker and Mongo wire server, delivering to a real HTTP receiver
 * on loopback (allowed, retried after 300 ms: {@link CatalogOnRealServers}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebhookIT extends CatalogOnRealServers {

    private final String tenant = "wh-" + UUID.randomUUID().toString().substring(0, 8);
    private final Receiver receiver = new Receiver();

    @Autowired
    Webhooks webhooks;

    @Autowired
    DeliveryLogPruner pruner;

    @AfterEach
    void stopReceiver() {
        receiver.server.stop(0);
    }

    @Test
    void aPromotedImageIsDeliveredSignedAndADeliveryThatFailedIsRetried() throws Exception {
        receiver.failFirst.set(1);
        JsonNode webhook = register("{\"url\":\"" + receiver.url() + "\",\"events\":[\"promoted\",\"rejected\"]}");
        String secret = webhook.get("secret").asString();
        String id = ImageIds.random();

        publishPromoted(id);

        JsonNode delivery =
                awaitDelivery(webhook, d -> d.get("state").asString().equals("DELIVERED"));
        assertThat(delivery.get("type").asString()).isEqualTo("image.promoted");
        assertThat(delivery.get("imageId").asString()).isEqualTo(id);
        assertThat(delivery.get("attempts")).hasSize(2);
        assertThat(delivery.get("attempts").get(0).get("status").asInt()).isEqualTo(500);
        assertThat(delivery.get("attempts").get(1).get("status").asInt()).isEqualTo(204);
        List<Receiver.Call> calls = receiver.callsOf(delivery.get("id").asString());
        assertThat(calls).as("the failed attempt and its retry").hasSize(2);
        for (Receiver.Call call : calls) {
            assertThat(call.event()).isEqualTo("image.promoted");
            assertThat(call.signature()).isEqualTo(expectedSignature(secret, call));
            JsonNode body = LakeClient.JSON.readTree(call.body());
            assertThat(body.get("id").asString()).isEqualTo(delivery.get("id").asString());
            assertThat(body.get("type").asString()).isEqualTo("image.promoted");
            assertThat(body.get("data").get("imageId").asString()).isEqualTo(id);
            assertThat(body.get("data").get("customerId").asString()).isEqualTo(tenant);
        }
        assertThat(client().get(
                                "someone-else",
                                "/api/v1/webhooks/" + webhook.get("id").asString() + "/deliveries")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aDuplicateIsDeliveredWithWhatItRepeats() throws Exception {
        JsonNode webhook = register("{\"url\":\"" + receiver.url() + "\",\"events\":[\"duplicate\"]}");
        String id = ImageIds.random();
        String original = ImageIds.random();
        try (EventWriter writer = new EventWriter(endpoints.kafkaBootstrap())) {
            writer.publish(TestEvents.ingested(tenant, id)
                    .bronze(new ObjectRef("bronze", ObjectKeys.bronze(tenant, Instant.now(), id)))
                    .build());
            writer.publish(new ImageRejected(
                    ImageEvent.CURRENT_SCHEMA_VERSION,
                    UUID.randomUUID().toString(),
                    id,
                    tenant,
                    "v1",
                    ImageStatus.DUPLICATE,
                    List.of(new Reason("EXACT_DUPLICATE", "same bytes")),
                    original,
                    Instant.now()));
        }

        JsonNode delivery =
                awaitDelivery(webhook, d -> d.get("state").asString().equals("DELIVERED"));

        JsonNode body = LakeClient.JSON.readTree(
                receiver.callsOf(delivery.get("id").asString()).getFirst().body());
        assertThat(body.get("type").asString()).isEqualTo("image.duplicate");
        assertThat(body.get("data").get("duplicateOf").asString()).isEqualTo(original);
        assertThat(body.get("data").get("reasons").get(0).get("code").asString())
                .isEqualTo("EXACT_DUPLICATE");
    }

    @Test
    void anEventProjectedTwiceIsQueuedOnce() throws Exception {
        JsonNode webhook = register("{\"url\":\"" + receiver.url() + "\",\"events\":[\"promoted\"]}");
        String id = ImageIds.random();
        ImagePromoted promoted = TestEvents.promoted(tenant, id);

        webhooks.enqueue(promoted);
        webhooks.enqueue(promoted); // a redelivery after a crash between projecting and acknowledging

        awaitDelivery(webhook, d -> d.get("state").asString().equals("DELIVERED"));
        assertThat(client().get(tenant, "/api/v1/webhooks/" + webhook.get("id").asString() + "/deliveries")
                        .json()
                        .get("items"))
                .hasSize(1);
        assertThat(receiver.calls).hasSize(1);
    }

    @Test
    void theDeliveryLogAgesOutButADeliveryStillDueStays() throws Exception {
        JsonNode answered = register("{\"url\":\"" + receiver.url() + "\",\"events\":[\"promoted\"]}");
        // no such path on the receiver: every attempt gets a 404, so its delivery stays due (retried)
        JsonNode failing =
                register("{\"url\":\"" + receiver.url().replace("/hook", "/gone") + "\",\"events\":[\"promoted\"]}");
        webhooks.enqueue(TestEvents.promoted(tenant, ImageIds.random()));
        awaitDelivery(answered, d -> d.get("state").asString().equals("DELIVERED"));
        awaitDelivery(failing, d -> !d.get("attempts").isEmpty());

        pruner.pruneOnce(Instant.now().plus(Duration.ofDays(29)));
        assertThat(deliveriesOf(answered)).as("within the log's 30 days").hasSize(1);

        long removed = pruner.pruneOnce(Instant.now().plus(Duration.ofDays(31)));
        assertThat(removed).isGreaterThanOrEqualTo(1);
        assertThat(deliveriesOf(answered)).as("past the log's 30 days").isEmpty();
        JsonNode due = deliveriesOf(failing);
        assertThat(due).as("still due, so kept whatever its age").hasSize(1);
        assertThat(due.get(0).get("state").asString()).isEqualTo("PENDING");
    }

    @Test
    void badWebhooksAreProblemsAndSecretsAreShownOnce() throws Exception {
        for (String bad : List.of(
                "{\"url\":\"ftp://example.org/x\",\"events\":[\"promoted\"]}",
                "{\"url\":\"http://user:pw@example.org/x\",\"events\":[\"promoted\"]}",
                "{\"url\":\"" + receiver.url() + "\",\"events\":[\"uploaded\"]}",
                "{\"url\":\"" + receiver.url() + "\",\"events\":[]}",
                "{\"events\":[\"promoted\"]}")) {
            LakeClient.Answer answer = client().postJson(tenant, "/api/v1/webhooks", bad);
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.json().get("type").asString()).as(bad).endsWith("/validation");
        }
        assertThat(client().postJson(tenant, "/api/v1/webhooks", "{\"url\":").status())
                .isEqualTo(400);
        assertThat(client().postJson(null, "/api/v1/webhooks", "{}").status()).isEqualTo(401);

        JsonNode webhook = register("{\"url\":\"" + receiver.url() + "\",\"events\":[\"promoted\"]}");
        JsonNode listed = client().get(tenant, "/api/v1/webhooks").json().get("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).has("secret")).isFalse();
        String path = "/api/v1/webhooks/" + webhook.get("id").asString();
        assertThat(client().delete("someone-else", path).status()).isEqualTo(404);
        assertThat(client().delete(tenant, path).status()).isEqualTo(204);
        assertThat(client().get(tenant, "/api/v1/webhooks").json().get("items")).isEmpty();
    }

    private JsonNode register(String json) {
        LakeClient.Answer answer = client().postJson(tenant, "/api/v1/webhooks", json);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.json().get("secret").asString()).startsWith("whsec_");
        return answer.json();
    }

    private void publishPromoted(String id) throws Exception {
        try (EventWriter writer = new EventWriter(endpoints.kafkaBootstrap())) {
            writer.publish(TestEvents.ingested(tenant, id)
                    .bronze(new ObjectRef("bronze", ObjectKeys.bronze(tenant, Instant.now(), id)))
                    .build());
            writer.publish(TestEvents.promoted(tenant, id));
        }
    }

    private JsonNode deliveriesOf(JsonNode webhook) {
        return client().get(tenant, "/api/v1/webhooks/" + webhook.get("id").asString() + "/deliveries")
                .json()
                .get("items");
    }

    private JsonNode awaitDelivery(JsonNode webhook, Predicate<JsonNode> reached) {
        String path = "/api/v1/webhooks/" + webhook.get("id").asString() + "/deliveries";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = client().get(tenant, path).json().get("items");
            for (JsonNode delivery : last) {
                if (reached.test(delivery)) {
                    return delivery;
                }
            }
            Await.sleep(100);
        }
        throw new AssertionError("no delivery reached the state awaited: " + last);
    }

    private static String expectedSignature(String secret, Receiver.Call call) {
        String t = call.signature().substring(2, call.signature().indexOf(','));
        return "t=" + t + ",v1="
                + HexFormat.of()
                        .formatHex(WebhookSigner.hmac(secret.getBytes(StandardCharsets.UTF_8), t + "." + call.body()));
    }

    /** A tenant's endpoint: records every call; fails the first {@code failFirst} with 500. */
    static final class Receiver {
        record Call(String delivery, String event, String signature, String body) {}

        final List<Call> calls = new CopyOnWriteArrayList<>();
        final AtomicInteger failFirst = new AtomicInteger();
        final HttpServer server;

        Receiver() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/hook", exchange -> {
                var headers = exchange.getRequestHeaders();
                calls.add(new Call(
                        headers.getFirst("ImageLake-Delivery"),
                        headers.getFirst("ImageLake-Event"),
                        headers.getFirst("ImageLake-Signature"),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(failFirst.getAndDecrement() > 0 ? 500 : 204, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        List<Call> callsOf(String delivery) {
            return calls.stream().filter(c -> delivery.equals(c.delivery())).toList();
        }
    }
}
