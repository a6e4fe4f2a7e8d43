package io.imagelake.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.devstack.process.Await;
import io.imagelake.gateway.ratelimit.GatewayInstances;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** What the gateway refuses before a service sees a byte of it. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "lake.gateway.edge.max-request-bytes=64KB",
            "lake.gateway.rate-limit.credential.requests-per-second=1",
            "lake.gateway.rate-limit.credential.burst=3"
        })
class GatewayEdgeIT extends GatewayOnRealServers {

    @Test
    void aBodyDeclaredOverTheUploadLimitIsRefusedAtTheEdgeAsProblemJson() throws Exception {
        String key = admin().tenantKeys().bearerFor("acme");

        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(gateway() + "/api/v1/images"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[65 * 1024]))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.body())
                .contains("https://imagelake.dev/problems/payload-too-large")
                .doesNotContain("ingest");
        assertThat(send("POST", "/api/v1/images", key).statusCode())
                .as("within the limit it is routed")
                .isEqualTo(201);
    }

    @Test
    void aClientThatAsksToContinueLearnsOfTheRefusalBeforeSendingAByte() throws Exception {
        String key = admin().tenantKeys().bearerFor("acme");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000); // an answer never coming fails the test, never the build
            socket.getOutputStream()
                    .write(("POST /api/v1/images HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                                    + "\r\nContent-Length: 10000000000\r\nExpect: 100-continue"
                                    + "\r\nContent-Type: application/octet-stream\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

            assertThat(answer).startsWith("HTTP/1.1 413").contains("https://imagelake.dev/problems/payload-too-large");
            assertThat(answer)
                    .as("no 100 Continue: the 10 GB are never asked for")
                    .doesNotContain("100 Continue");
        }
    }

    @Test
    void aRefusedUploadSentWholeWithoutAskingStillReadsItsAnswer() throws Exception {
        for (int i = 0; i < 20; i++) { // the refusal reads the body first, so no try meets a reset connection
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(gateway() + "/api/v1/images"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer not-a-key")
                            .header("Content-Type", "application/octet-stream")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[60 * 1024]))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.body()).contains("https://imagelake.dev/problems/unauthenticated");
        }
    }

    @Test
    void aStreamedBodyPastTheLimitNeverReachesAServiceWhole() throws Exception {
        String key = admin().tenantKeys().bearerFor("acme");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000); // an answer never coming fails the test, never the build
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/images HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                            + "\r\nTransfer-Encoding: chunked\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[16 * 1024];
            try {
                for (int i = 0; i < 8; i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException cutOff) {
                // the gateway may close the connection while we still send: that is the point
            }
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isIn("HTTP/1.1 413", "");
        }
    }

    @Test
    void whatTheGatewayAnswersItselfIsProblemJson() throws Exception {
        String key = admin().tenantKeys().bearerFor("acme");

        HttpResponse<String> noRoute = send("GET", "/api/v2/nothing", key);
        HttpResponse<String> trace = send("TRACE", "/api/v1/images", key);

        assertThat(noRoute.statusCode()).isEqualTo(404);
        assertThat(noRoute.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).contains("problem+json"));
        assertThat(noRoute.body()).contains("https://imagelake.dev/problems/not-found");
        assertThat(trace.statusCode()).isBetween(400, 499);
        assertThat(trace.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).contains("problem+json"));
    }

    @Autowired
    MeterRegistry meters;

    @Autowired
    GatewayInstances instances;

    @Test
    void aBurstOverTheCredentialsLimitIsTooManyRequestsWithRetryAfterAndThenRecovers() throws Exception {
        String tenant = "burst-" + UUID.randomUUID().toString().substring(0, 8);
        String key = admin().create(tenant, null, "burst").get("secret").asString();

        // each gateway instance holds 1/N of the limit; other test classes' cached contexts are instances too
        int instances = this.instances.live();
        HttpResponse<String> refused = null;
        int admitted = 0;
        for (int i = 0; i < 1000 && refused == null; i++) { // burst 3, refilled at 1/s: a quick loop meets the limit
            HttpResponse<String> answer = send("GET", "/api/v1/images", key);
            if (answer.statusCode() == 429) {
                refused = answer;
            } else {
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.headers().firstValue("RateLimit-Policy")).contains("\"credential\";q=3;w=3");
                admitted++;
            }
        }

        assertThat(refused).as("refused once the burst is spent").isNotNull();
        assertThat(admitted).isGreaterThanOrEqualTo(Math.max(1, 3 / instances));
        assertThat(refused.headers().firstValue("Retry-After"))
                .as("this instance's share refills a token every %d s", instances)
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, instances + 1L));
        assertThat(refused.headers().firstValue("RateLimit"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("\"credential\";r=0;t="));
        assertThat(refused.body()).contains("https://imagelake.dev/problems/rate-limited");
        assertThat(meters.counter("lake.gateway.rate_limited", "tenant", tenant, "limit", "credential")
                        .count())
                .isGreaterThanOrEqualTo(1);
        // the bucket refills with time: await the condition, not a fixed delay
        AtomicInteger last = new AtomicInteger();
        Await.healthy(null, Duration.ofSeconds(10), () -> {
            last.set(status(key));
            return last.get() != 429;
        });
        assertThat(last.get()).as("the bucket refills").isEqualTo(200);
    }

    private int status(String key) {
        try {
            return send("GET", "/api/v1/images", key).statusCode();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anOversizedHeaderIsRefusedAsProblemJsonByTheHttpDecoderItself() throws Exception {
        HttpResponse<String> answer = send("GET", "/api/v1/images", null, "X-Padding", "x".repeat(70 * 1024));

        assertThat(answer.statusCode()).isEqualTo(431);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.body())
                .contains("\"type\":\"https://imagelake.dev/problems/request-header-fields-too-large\"")
                .contains("\"status\":431");
    }

    @Test
    void anOverlongRequestLineIsRefusedAsProblemJson() throws Exception {
        HttpResponse<String> answer = send("GET", "/api/v1/images?q=" + "x".repeat(70 * 1024), null);

        assertThat(answer.statusCode()).isEqualTo(414);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.body()).contains("\"type\":\"https://imagelake.dev/problems/uri-too-long\"");
    }

    @Test
    void bytesThatAreNotHttpAreRefusedAsProblemJson() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream()
                    .write("GET /api/v1/images HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat(answer).containsIgnoringCase("content-type: application/problem+json");
            assertThat(answer).contains("\"type\":\"https://imagelake.dev/problems/bad-request\"");
        }
    }
}
