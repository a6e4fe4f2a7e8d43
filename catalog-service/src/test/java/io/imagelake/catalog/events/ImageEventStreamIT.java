package io.imagelake.catalog.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.catalog.CatalogOnRealServers;
import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.ImageIds;
import io.imagelake.devstack.demo.LakeClient;
import io.imagelake.testing.EventWriter;
import io.imagelake.testing.ServerSentEvents;
import io.imagelake.testing.TestEvents;
import io.imagelake.testing.TestIdentity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/** The tenant's image events as server-sent events, from a real Kafka broker, resumable by Last-Event-ID. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ImageEventStreamIT extends CatalogOnRealServers {

    private final String tenant = "sse-" + UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aStreamCarriesItsTenantsEventsOnlyAndResumesAfterTheLastOneItGot() throws Exception {
        String first = ImageIds.random();
        String second = ImageIds.random();
        String resumeFrom;
        try (ServerSentEvents stream = open(null)) {
            assertThat(stream.next().name()).isEqualTo("ready");
            publish(TestEvents.promoted("someone-else", ImageIds.random()));
            publish(TestEvents.promoted(tenant, first));

            ServerSentEvents.Event event = stream.next();

            assertThat(event.name()).isEqualTo("image.promoted");
            JsonNode body = LakeClient.JSON.readTree(event.data());
            assertThat(body.get("data").get("imageId").asString()).isEqualTo(first);
            assertThat(body.get("data").get("customerId").asString()).isEqualTo(tenant);
            resumeFrom = event.id();
        }
        publish(TestEvents.promoted(tenant, second)); // while no stream is open

        try (ServerSentEvents resumed = open(resumeFrom)) {
            assertThat(resumed.next().name()).isEqualTo("ready");
            ServerSentEvents.Event missed = resumed.next();
            assertThat(LakeClient.JSON
                            .readTree(missed.data())
                            .get("data")
                            .get("imageId")
                            .asString())
                    .as("the event published while disconnected, and not the one already seen")
                    .isEqualTo(second);
        }
    }

    @Test
    void aLastEventIdTheStreamDidNotGiveIsABadRequest() throws Exception {
        HttpResponse<String> answer =
                http.send(request("bm90LWEtcG9zaXRpb24").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("/validation");
    }

    private ServerSentEvents open(String lastEventId) {
        ServerSentEvents stream =
                ServerSentEvents.open(http, request(lastEventId).build());
        assertThat(stream.response().statusCode()).isEqualTo(200);
        assertThat(stream.response().headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/event-stream"));
        return stream;
    }

    private HttpRequest.Builder request(String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                .header("Authorization", "Bearer " + TestIdentity.get().token(tenant))
                .header("Accept", "text/event-stream");
        return lastEventId == null ? request : request.header("Last-Event-ID", lastEventId);
    }

    private void publish(ImageEvent event) {
        try (EventWriter writer = new EventWriter(endpoints.kafkaBootstrap())) {
            writer.publish(event);
        }
    }
}
