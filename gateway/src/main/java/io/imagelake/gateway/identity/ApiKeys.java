package io.imagelake.gateway.identity;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.imagelake.contracts.Scopes;
import io.imagelake.support.tenant.Tenant;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Creating and verifying API keys. A key is {@code lk_<id>_<secret>}: 16 hex characters of id and
 * 256 random bits of secret. Stored is only the secret's SHA-256 and compared in constant time. A
 * fast hash is enough (and the right choice on every request's path): the secret is random, so
 * there is no dictionary to try, unlike a password.
 *
 * <p>A key never changes after it is created, except to be revoked. So a looked-up key (or the
 * absence of an id, so that random ids do not reach Mongo) stays in memory, and instead of reading
 * each key again every instance asks Mongo every {@code cache-ttl} which keys were created or
 * revoked since its last answer ({@link #refresh()}), and takes those in. A request for a key this
 * instance has used before therefore never waits on Mongo, nor continues on the driver's thread
 * (which cost ~1 ms of gateway CPU per upload when entries expired instead: docs/benchmarks.md).
 * A revocation reaches every instance within {@code cache-ttl} plus one read, and at once on the
 * instance that revoked. If Mongo cannot be reached the keys in memory stay as they are (a
 * revocation cannot be written then either), the failure is counted in
 * {@code lake.gateway.api_keys.refresh_errors}, and the next answer covers the whole gap.
 */
@Component
public class ApiKeys implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    private static final Pattern FORMAT = Pattern.compile("lk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * How far before the last answer each read of changes reaches back: a revocation stamped by another instance's
     * clock, or written while the last read ran, is still in the next one. It re-reads a minute of changes: a few keys.
     */
    private static final Duration OVERLAP = Duration.ofMinutes(1);

    private final ApiKeyStore store;
    private final AsyncCache<String, Optional<ApiKey>> cache;
    private final Clock clock;
    private final Duration refreshInterval;
    private final MeterRegistry meters;
    private volatile Instant answeredSince;
    private volatile Disposable refreshes;

    public ApiKeys(ApiKeyStore store, IdentityProperties properties, Clock clock, MeterRegistry meters) {
        this.clock = clock;
        this.store = store;
        this.meters = meters;
        this.refreshInterval = properties.keys().cacheTtl();
        this.answeredSince = clock.instant();
        this.cache = Caffeine.newBuilder()
                .expireAfterAccess(properties.keys().cacheIdle())
                .maximumSize(100_000)
                .buildAsync();
        // at zero from the start, so an alert's increase() sees the first failure
        meters.counter("lake.gateway.api_keys.refresh_errors");
    }

    public static boolean looksLikeKey(String bearer) {
        return bearer.startsWith("lk_");
    }

    /** The caller a presented key stands for; empty for an unknown, revoked or wrong key. */
    public Mono<LakeCaller> verify(String presented) {
        Matcher m = FORMAT.matcher(presented);
        if (!m.matches()) {
            return Mono.empty();
        }
        String id = m.group(1);
        byte[] hash = sha256(m.group(2));
        CompletableFuture<Optional<ApiKey>> found = cache.get(
                id,
                (key, executor) -> store.find(key)
                        .map(Optional::of)
                        .defaultIfEmpty(Optional.empty())
                        .toFuture());
        // a key used before is in memory: answered on this thread, the event loop
        return found.isDone() && !found.isCompletedExceptionally()
                ? Mono.justOrEmpty(callerOf(found.join(), hash))
                : Mono.fromFuture(found).flatMap(key -> Mono.justOrEmpty(callerOf(key, hash)));
    }

    private static Optional<LakeCaller> callerOf(Optional<ApiKey> found, byte[] presentedHash) {
        return found.filter(key -> !key.revoked())
                .filter(key ->
                        MessageDigest.isEqual(presentedHash, HexFormat.of().parseHex(key.secretSha256())))
                .map(key -> new LakeCaller("key:" + key.id(), key.tenant(), key.scopes()));
    }

    /**
     * Takes in the keys created or revoked since the last answer (less {@link #OVERLAP}), among those in memory:
     * revoked ones stop working, and an id once found unknown is known from now on. Returns how many were read.
     */
    Mono<Integer> refresh() {
        Instant asked = clock.instant();
        return store.changedSince(answeredSince.minus(OVERLAP))
                .doOnNext(key -> cache.synchronous().asMap().computeIfPresent(key.id(), (id, old) -> Optional.of(key)))
                .count()
                .map(Long::intValue)
                .doOnNext(read -> answeredSince = asked)
                .timeout(refreshInterval.multipliedBy(5))
                .onErrorResume(e -> {
                    meters.counter("lake.gateway.api_keys.refresh_errors").increment();
                    log.warn(
                            "cannot read the API keys changed since {}, keeping those in memory: {}",
                            answeredSince,
                            e.toString());
                    return Mono.empty();
                });
    }

    @Override
    public void start() {
        store.createIndexes().subscribe();
        refreshes = Flux.interval(refreshInterval, refreshInterval)
                .onBackpressureDrop()
                .concatMap(tick -> refresh())
                .subscribe();
    }

    @Override
    public void stop() {
        if (refreshes != null) {
            refreshes.dispose();
            refreshes = null;
        }
    }

    @Override
    public boolean isRunning() {
        return refreshes != null;
    }

    /** A new key and its secret, which exists only in this answer. */
    public record Created(ApiKey key, String secret) {}

    public Mono<Created> create(String tenant, List<String> scopes, String name) {
        if (!Tenant.isValid(tenant)) {
            return Mono.error(new InvalidKeyRequest(
                    "tenant", "1-64 characters of [A-Za-z0-9._-], not starting with '_', not dots alone"));
        }
        List<String> granted = scopes == null || scopes.isEmpty() ? Scopes.TENANT : List.copyOf(scopes);
        Optional<String> unknown =
                granted.stream().filter(scope -> !Scopes.isKnown(scope)).findFirst();
        if (unknown.isPresent()) {
            return Mono.error(
                    new InvalidKeyRequest("scopes", "unknown scope " + unknown.get() + "; known: " + Scopes.ALL));
        }
        if (name != null && name.length() > 128) {
            return Mono.error(new InvalidKeyRequest("name", "at most 128 characters"));
        }
        byte[] idBytes = new byte[8];
        byte[] secretBytes = new byte[32];
        RANDOM.nextBytes(idBytes);
        RANDOM.nextBytes(secretBytes);
        String id = HexFormat.of().formatHex(idBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        ApiKey key =
                new ApiKey(id, tenant, name, granted, HexFormat.of().formatHex(sha256(secret)), clock.instant(), null);
        return store.insert(key).map(stored -> new Created(stored, "lk_" + id + "_" + secret));
    }

    public Mono<Boolean> revoke(String id) {
        return store.revoke(id, clock.instant())
                .doOnNext(revoked -> cache.synchronous().invalidate(id));
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key request the admin API refuses with 400. */
    public static class InvalidKeyRequest extends RuntimeException {

        private final String field;

        public InvalidKeyRequest(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
