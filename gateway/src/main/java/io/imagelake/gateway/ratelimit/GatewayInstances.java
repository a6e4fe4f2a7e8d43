package io.imagelake.gateway.ratelimit;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How many gateway instances are live, which is all the rate limits share between instances. Each
 * instance writes a heartbeat document to {@code gateway_instances} every {@code heartbeat} and
 * counts the documents seen within {@code expiry}: one write and one count per instance per
 * heartbeat, whatever the traffic. An instance that stops deletes its document; one that dies is
 * no longer counted once its heartbeat is older than {@code expiry} (and a TTL index drops it).
 *
 * <p>If MongoDB cannot be reached the last count stands, so the limits stay in force, and the
 * failure is counted in {@code lake.gateway.rate_limit.store_errors}.
 */
@Component
public class GatewayInstances implements SmartLifecycle {

    public static final String COLLECTION = "gateway_instances";
    private static final Logger log = LoggerFactory.getLogger(GatewayInstances.class);

    private final MongoCollection<Document> instances;
    private final RateLimitProperties.Membership membership;
    private final Clock clock;
    private final MeterRegistry meters;
    private final String id =
            HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private final boolean enabled;
    private final AtomicInteger live = new AtomicInteger(1);
    private volatile Disposable heartbeats;

    public GatewayInstances(MongoDatabase database, RateLimitProperties properties, Clock clock, MeterRegistry meters) {
        this.instances = database.getCollection(COLLECTION);
        this.membership = properties.membership();
        this.enabled = properties.enabled();
        this.clock = clock;
        this.meters = meters;
        // at zero from the start, so an alert's increase() sees the first failure
        meters.counter("lake.gateway.rate_limit.store_errors");
        Gauge.builder("lake.gateway.instances", live, AtomicInteger::get)
                .description("gateway instances this one counts, each holding 1/N of every rate limit")
                .register(meters);
    }

    /** The live instances, this one included: at least 1. */
    public int live() {
        return live.get();
    }

    /**
     * Starts the heartbeats; the first one is written and counted before this returns. An instance
     * without rate limits holds no share, so it does not count itself.
     */
    @Override
    public void start() {
        if (!enabled) {
            return;
        }
        // production MongoDB drops a dead instance's document; a server without TTL support merely keeps it
        Mono.from(instances.createIndex(
                        Indexes.ascending("seen_at"),
                        new IndexOptions().expireAfter(membership.expiry().toSeconds() * 4, TimeUnit.SECONDS)))
                .onErrorResume(e -> Mono.empty())
                .block(membership.expiry());
        beat().block(membership.expiry());
        heartbeats = Flux.interval(membership.heartbeat(), membership.heartbeat())
                .onBackpressureDrop()
                .concatMap(tick -> beat())
                .subscribe();
    }

    /** Stops the heartbeats and leaves the count, so the others take over this instance's share at once. */
    @Override
    public void stop() {
        if (heartbeats == null) {
            return;
        }
        heartbeats.dispose();
        heartbeats = null;
        Mono.from(instances.deleteOne(Filters.eq("_id", id)))
                .onErrorResume(e -> Mono.empty())
                .block(membership.expiry());
    }

    @Override
    public boolean isRunning() {
        return heartbeats != null;
    }

    Mono<Integer> beat() {
        Instant now = clock.instant();
        return Mono.from(instances.replaceOne(
                        Filters.eq("_id", id),
                        new Document("_id", id).append("seen_at", Date.from(now)),
                        new ReplaceOptions().upsert(true)))
                .then(Mono.from(
                        instances.countDocuments(Filters.gt("seen_at", Date.from(now.minus(membership.expiry()))))))
                .map(count -> Math.max(1, count.intValue()))
                .doOnNext(live::set)
                .timeout(membership.expiry())
                .onErrorResume(e -> {
                    meters.counter("lake.gateway.rate_limit.store_errors").increment();
                    log.warn("cannot count the gateway instances, keeping {}: {}", live.get(), e.toString());
                    return Mono.empty();
                });
    }
}
