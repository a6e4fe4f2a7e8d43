package io.imagelake.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.imagelake.testing.InfraPart;
import io.imagelake.testing.LakeInfra;
import io.imagelake.testing.MutableClock;
import io.imagelake.testing.PropertiesBinding;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gateway instances counting each other through a real Mongo wire server, each with its own
 * connection, on a clock the test moves (heartbeats are driven by the test, not by a timer).
 */
class GatewayInstancesIT {

    private static final RateLimitProperties LIMITS =
            PropertiesBinding.defaults(RateLimitProperties.class, RequiredLimits.OF_APPLICATION_YML);

    private static MongoClient first;
    private static MongoClient second;

    private final String database = "instances_" + UUID.randomUUID().toString().replace("-", "");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T12:00:00Z"));

    @BeforeAll
    static void connect() {
        String uri = LakeInfra.start(InfraPart.MONGO).mongoUri();
        first = MongoClients.create(uri);
        second = MongoClients.create(uri);
    }

    @AfterAll
    static void close() {
        first.close();
        second.close();
    }

    private GatewayInstances instance(MongoClient client, SimpleMeterRegistry meters) {
        return new GatewayInstances(client.getDatabase(database), LIMITS, clock, meters);
    }

    @Test
    void instancesCountEachOtherAndOneThatStopsLeavesTheCountAtOnce() {
        GatewayInstances a = instance(first, new SimpleMeterRegistry());
        GatewayInstances b = instance(second, new SimpleMeterRegistry());

        assertThat(a.beat().block()).isEqualTo(1);
        assertThat(b.beat().block()).isEqualTo(2);
        assertThat(a.beat().block()).isEqualTo(2);
        assertThat(a.live()).isEqualTo(2);

        b.start();
        b.stop();

        assertThat(a.beat().block()).isEqualTo(1);
    }

    @Test
    void anInstanceThatDiedIsNoLongerCountedOnceItsHeartbeatIsOlderThanTheExpiry() {
        GatewayInstances dies = instance(first, new SimpleMeterRegistry());
        GatewayInstances lives = instance(second, new SimpleMeterRegistry());
        dies.beat().block();

        clock.advance(LIMITS.membership().expiry().minusMillis(1));
        assertThat(lives.beat().block()).as("within the expiry it still counts").isEqualTo(2);

        clock.advance(Duration.ofMillis(2));
        assertThat(lives.beat().block()).isEqualTo(1);
    }

    @Test
    void whenTheStoreCannotBeReachedTheLastCountStandsAndTheFailureIsCounted() {
        GatewayInstances peer = instance(second, new SimpleMeterRegistry());
        peer.beat().block();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (MongoClient unreachable = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200"))
                .build())) {
            MongoDatabase gone = unreachable.getDatabase(database);
            GatewayInstances cut = new GatewayInstances(gone, LIMITS, clock, meters);

            assertThat(cut.beat().block()).isNull();

            assertThat(cut.live()).isEqualTo(1);
            assertThat(meters.counter("lake.gateway.rate_limit.store_errors").count())
                    .isEqualTo(1.0);
        }
    }
}
