package io.imagelake.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.devstack.process.Await;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** A tenant's uploads are limited in bytes per second and in uploads in flight, at the gateway. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "lake.gateway.rate-limit.upload.bytes-per-second=1KB",
            "lake.gateway.rate-limit.upload.burst-bytes=10KB",
            "lake.gateway.rate-limit.upload.concurrent=1"
        })
class GatewayUploadLimitsIT extends GatewayOnRealServers {

    @Autowired
    MeterRegistry meters;

    private HttpResponse<String> upload(String key, int bytes) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(gateway() + "/api/v1/images"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[bytes]))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void uploadsOverTheTenantsBytesPerSecondAreTooManyRequestsButOtherCallsPass() throws Exception {
        String tenant = "bytes-" + UUID.randomUUID().toString().substring(0, 8);
        String key = admin().create(tenant, null, "bytes").get("secret").asString();

        assertThat(upload(key, 6 * 1024).statusCode()).isEqualTo(201);
        HttpResponse<String> refused = upload(key, 6 * 1024);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"upload-bytes\";q=10240;w=10");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.headers().firstValue("Connection"))
                .as("the unread body is not drained")
                .hasValue("close");
        assertThat(refused.body()).contains("rate-limited").contains("upload rate");
        assertThat(send("GET", "/api/v1/images", key).statusCode())
                .as("reads are not uploads")
                .isEqualTo(200);
        assertThat(meters.counter("lake.gateway.rate_limited", "tenant", tenant, "limit", "upload-bytes")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aSecondUploadWhileOneIsInFlightIsTooManyRequests() throws Exception {
        String tenant = "flight-" + UUID.randomUUID().toString().substring(0, 8);
        String key = admin().create(tenant, null, "flight").get("secret").asString();
        CountDownLatch release = new CountDownLatch(1);

        // the first upload sends half its body, then holds the connection until released
        CompletableFuture<HttpResponse<String>> first = http.sendAsync(
                HttpRequest.newBuilder(URI.create(gateway() + "/api/v1/images"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.fromPublisher(heldBody(2048, release), 2048))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Await.healthy(null, Duration.ofSeconds(20), () -> inFlight(tenant) == 1);

        HttpResponse<String> second = upload(key, 100);
        release.countDown();

        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("RateLimit-Policy")).hasValue("\"upload-concurrency\";q=1");
        assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        Await.healthy(null, Duration.ofSeconds(20), () -> inFlight(tenant) == 0);
        assertThat(upload(key, 100).statusCode()).as("the slot is free again").isEqualTo(201);
    }

    private double inFlight(String tenant) {
        Gauge gauge = meters.find("lake.gateway.uploads_in_flight")
                .tag("tenant", tenant)
                .gauge();
        return gauge == null ? -1 : gauge.value();
    }

    /** {@code bytes} zeros: the first half at once, the rest once {@code release} opens. */
    private static Flow.Publisher<ByteBuffer> heldBody(int bytes, CountDownLatch release) {
        return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            private int sent;

            @Override
            public void request(long n) {
                if (sent == 0) {
                    sent = 1;
                    subscriber.onNext(ByteBuffer.wrap(new byte[bytes / 2]));
                } else if (sent == 1) {
                    sent = 2;
                    Thread.ofVirtual().start(() -> {
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        subscriber.onNext(ByteBuffer.wrap(new byte[bytes - bytes / 2]));
                        subscriber.onComplete();
                    });
                }
            }

            @Override
            public void cancel() {}
        });
    }
}
