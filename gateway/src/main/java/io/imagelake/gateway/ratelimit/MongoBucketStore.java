package io.imagelake.gateway.ratelimit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.Binary;
import reactor.core.publisher.Mono;

/**
 * Bucket4j's buckets in the lake's MongoDB, collection {@code rate_limit_buckets}, so that every
 * gateway instance counts against the same buckets. Bucket4j ships no backend for MongoDB's
 * reactive driver here, so this is its compare-and-swap extension point over one document per
 * bucket ({@code _id}, {@code state}, {@code expires_at}): a write succeeds only if the state is
 * still the one read, else Bucket4j reads again and retries. A bucket untouched until it would be
 * full again is dropped by the TTL index on {@code expires_at}.
 */
public final class MongoBucketStore extends AbstractCompareAndSwapBasedProxyManager<String> {

    public static final String COLLECTION = "rate_limit_buckets";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final MongoCollection<Document> buckets;
    private final ExpirationAfterWriteStrategy expiration;

    public MongoBucketStore(MongoDatabase database) {
        this(database, ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)));
    }

    private MongoBucketStore(MongoDatabase database, ExpirationAfterWriteStrategy expiration) {
        super(ClientSideConfig.getDefault()
                .withExpirationAfterWriteStrategy(expiration)
                .withRequestTimeout(WAIT));
        this.buckets = database.getCollection(COLLECTION);
        this.expiration = expiration;
        // production MongoDB drops expired buckets; a server without TTL support merely keeps them
        Mono.from(buckets.createIndex(
                        Indexes.ascending("expires_at"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS)))
                .onErrorResume(e -> Mono.empty())
                .subscribe();
    }

    @Override
    protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
        AsyncCompareAndSwapOperation async = beginAsyncCompareAndSwapOperation(key);
        // the gateway uses the asynchronous API only; this path exists for Bucket4j's synchronous callers
        return new CompareAndSwapOperation() {
            @Override
            public Optional<byte[]> getStateData(Optional<Long> timeoutNanos) {
                return async.getStateData(timeoutNanos).join();
            }

            @Override
            public boolean compareAndSwap(
                    byte[] original, byte[] updated, RemoteBucketState state, Optional<Long> timeoutNanos) {
                return async.compareAndSwap(original, updated, state, timeoutNanos)
                        .join();
            }
        };
    }

    @Override
    protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
        return new AsyncCompareAndSwapOperation() {
            @Override
            public CompletableFuture<Optional<byte[]>> getStateData(Optional<Long> timeoutNanos) {
                return Mono.from(buckets.find(Filters.eq("_id", key)).first())
                        .map(doc -> Optional.of(doc.get("state", Binary.class).getData()))
                        .defaultIfEmpty(Optional.empty())
                        .toFuture();
            }

            @Override
            public CompletableFuture<Boolean> compareAndSwap(
                    byte[] original, byte[] updated, RemoteBucketState state, Optional<Long> timeoutNanos) {
                Date expiresAt = expiresAt(state);
                if (original == null) {
                    return Mono.from(buckets.insertOne(new Document("_id", key)
                                    .append("state", new Binary(updated))
                                    .append("expires_at", expiresAt)))
                            .map(inserted -> true)
                            // another instance made the bucket first: Bucket4j reads it and tries again
                            .onErrorResume(
                                    MongoWriteException.class,
                                    e -> e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
                                            ? Mono.just(false)
                                            : Mono.error(e))
                            .toFuture();
                }
                return Mono.from(buckets.updateOne(
                                Filters.and(Filters.eq("_id", key), Filters.eq("state", new Binary(original))),
                                Updates.combine(
                                        Updates.set("state", new Binary(updated)),
                                        Updates.set("expires_at", expiresAt))))
                        .map(result -> result.getMatchedCount() == 1)
                        .toFuture();
            }
        };
    }

    private Date expiresAt(RemoteBucketState state) {
        long ttl = expiration.calculateTimeToLiveMillis(state, System.currentTimeMillis() * 1_000_000L);
        return new Date(System.currentTimeMillis() + Math.max(ttl, 1000));
    }

    @Override
    public void removeProxy(String key) {
        removeAsync(key).join();
    }

    @Override
    protected CompletableFuture<Void> removeAsync(String key) {
        return Mono.from(buckets.deleteOne(Filters.eq("_id", key))).then().toFuture();
    }

    @Override
    public boolean isAsyncModeSupported() {
        return true;
    }

    @Override
    public boolean isExpireAfterWriteSupported() {
        return true;
    }
}
