package io.imagelake.gateway.identity;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.imagelake.contracts.Scopes;
import io.imagelake.support.tenant.Tenant;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Creating and verifying API keys. A key is {@code lk_<id>_<secret>}: 16 hex characters of id and
 * 256 random bits of secret. Stored is only the secret's SHA-256 and compared in constant time. A
 * fast hash is enough (and the right choice on every request's path): the secret is random, so
 * there is no dictionary to try, unlike a password. Lookups go through a cache (absent keys too,
 * so random ids do not reach Mongo) whose entries are read again from Mongo once they are
 * {@code cache-ttl} old: in the background, while the request that found the entry old goes on
 * with it, so no request waits on Mongo for a key it has used before. An entry nobody asked for in
 * twice that time is dropped and read afresh. A revocation thus reaches every gateway instance
 * within {@code cache-ttl} plus one read, and at once on the instance that revoked.
 */
@Component
public class ApiKeys {

    private static final Pattern FORMAT = Pattern.compile("lk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiKeyStore store;
    private final AsyncLoadingCache<String, Optional<ApiKey>> cache;
    private final Clock clock;

    public ApiKeys(ApiKeyStore store, IdentityProperties properties, Clock clock) {
        this.clock = clock;
        this.store = store;
        this.cache = Caffeine.newBuilder()
                .refreshAfterWrite(properties.keys().cacheTtl())
                .expireAfterWrite(properties.keys().cacheTtl().multipliedBy(2))
                .maximumSize(100_000)
                .buildAsync((id, executor) -> store.find(id)
                        .map(Optional::of)
                        .defaultIfEmpty(Optional.empty())
                        .toFuture());
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
        return Mono.fromFuture(cache.get(id))
                .flatMap(found -> Mono.justOrEmpty(found.filter(key -> !key.revoked())
                        .filter(key ->
                                MessageDigest.isEqual(hash, HexFormat.of().parseHex(key.secretSha256())))
                        .map(key -> new LakeCaller("key:" + key.id(), key.tenant(), key.scopes()))));
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
