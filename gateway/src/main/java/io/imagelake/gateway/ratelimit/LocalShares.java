package io.imagelake.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * This instance's share of every limit: a local Bucket4j bucket per key holding 1/N of the limit's
 * burst and refilled at 1/N of its rate, N being the live gateway instances. Together the instances
 * never admit more than the limit, and admission never waits on a store: a shared bucket in MongoDB
 * (Bucket4j's compare-and-swap backend, which this replaced) cost the gateway 1.7–2.9 ms of CPU per
 * upload, a quarter of the whole proxied upload (docs/benchmarks.md). The price is that a client
 * whose requests all reach one instance, e.g. over one kept-alive connection, gets that instance's
 * share only; behind a load balancer that spreads requests it gets the whole limit. When N changes,
 * each bucket keeps its tokens in proportion ({@link TokensInheritanceStrategy#PROPORTIONALLY}).
 */
final class LocalShares {

    /** A limit of all instances together: {@code capacity} tokens at once, refilled at {@code perSecond}. */
    record Rate(long capacity, long perSecond) {

        long capacityOfShare(int instances) {
            return Math.max(1, capacity / instances);
        }

        Bandwidth share(int instances) {
            // perSecond tokens every N seconds: 1/N of the rate, in whole tokens as Bucket4j takes them
            return Bandwidth.builder()
                    .capacity(capacityOfShare(instances))
                    .refillGreedy(perSecond, Duration.ofSeconds(instances))
                    .build();
        }
    }

    private record Share(Bucket bucket, int instances) {}

    private final IntSupplier instances;
    private final TimeMeter time;
    private final Cache<String, Share> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(200_000)
            .build();

    LocalShares(IntSupplier instances) {
        this(instances, TimeMeter.SYSTEM_MILLISECONDS);
    }

    LocalShares(IntSupplier instances, TimeMeter time) {
        this.instances = instances;
        this.time = time;
    }

    private Bucket bucket(Rate rate, int n) {
        return Bucket.builder()
                .addLimit(rate.share(n))
                .withCustomTimePrecision(time)
                .build();
    }

    /**
     * Takes {@code tokens} from the key's share, or as many as the share holds at most, so that a
     * request larger than a share (an upload over 1/N of the byte burst) can still pass when full.
     */
    ConsumptionProbe tryConsume(String key, Rate rate, long tokens) {
        int n = Math.max(1, instances.getAsInt());
        Share share = buckets.get(key, k -> new Share(bucket(rate, n), n));
        if (share.instances() != n) {
            share = buckets.asMap().compute(key, (k, old) -> {
                if (old == null) {
                    return new Share(bucket(rate, n), n);
                }
                if (old.instances() != n) {
                    old.bucket()
                            .replaceConfiguration(
                                    BucketConfiguration.builder()
                                            .addLimit(rate.share(n))
                                            .build(),
                                    TokensInheritanceStrategy.PROPORTIONALLY);
                    return new Share(old.bucket(), n);
                }
                return old;
            });
        }
        return share.bucket().tryConsumeAndReturnRemaining(Math.min(tokens, rate.capacityOfShare(n)));
    }
}
