package io.imagelake.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.imagelake.testing.InfraPart;
import io.imagelake.testing.LakeInfra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances (two stores, each with its own connection) count against one bucket in a
 * real Mongo wire server: together they admit exactly its capacity, also when they race.
 */
class MongoBucketStoreIT {

    private static MongoClient first;
    private static MongoClient second;

    // refilled once an hour: within a test nothing refills, so the counts do not depend on timing
    private static final BucketConfiguration FIVE = BucketConfiguration.builder()
            .addLimit(l -> l.capacity(5).refillGreedy(1, Duration.ofHours(1)))
            .build();

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

    private static AsyncBucketProxy bucket(MongoClient client, String key) {
        return new MongoBucketStore(client.getDatabase("lake"))
                .asAsync()
                .builder()
                .build(key, FIVE);
    }

    @Test
    void twoInstancesTakingTurnsShareOneBucket() {
        String key = "credential:key:" + UUID.randomUUID();
        AsyncBucketProxy a = bucket(first, key);
        AsyncBucketProxy b = bucket(second, key);

        int admitted = 0;
        for (int i = 0; i < 20; i++) {
            if ((i % 2 == 0 ? a : b).tryConsume(1).join()) {
                admitted++;
            }
        }

        assertThat(admitted).isEqualTo(5);
    }

    @Test
    void racingInstancesStillAdmitExactlyTheCapacity() {
        String key = "tenant:" + UUID.randomUUID();
        AsyncBucketProxy a = bucket(first, key);
        AsyncBucketProxy b = bucket(second, key);

        List<CompletableFuture<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            attempts.add(a.tryConsume(1));
            attempts.add(b.tryConsume(1));
        }

        assertThat(attempts.stream().filter(CompletableFuture::join).count())
                .as("lost updates would admit more")
                .isEqualTo(5);
    }
}
