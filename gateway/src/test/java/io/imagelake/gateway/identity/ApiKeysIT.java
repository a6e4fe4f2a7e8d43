package io.imagelake.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.imagelake.contracts.Scopes;
import io.imagelake.testing.InfraPart;
import io.imagelake.testing.LakeInfra;
import io.imagelake.testing.MutableClock;
import io.imagelake.testing.PropertiesBinding;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances' key verification on one real Mongo wire server, each with its own connection and clock.
 * Their reads of changed keys are driven by the test ({@code refresh()}), not by a timer.
 */
class ApiKeysIT {

    private static final IdentityProperties DEFAULTS = PropertiesBinding.defaults(IdentityProperties.class);

    private static MongoClient first;
    private static MongoClient second;

    private final String database = "keys_" + UUID.randomUUID().toString().replace("-", "");
    private final MutableClock clockA = new MutableClock(Instant.parse("2026-12-02T12:00:00Z"));
    private final MutableClock clockB = new MutableClock(Instant.parse("2026-12-02T12:00:00Z"));

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

    private ApiKeys instance(MongoClient client, MutableClock clock) {
        MongoDatabase db = client.getDatabase(database);
        return new ApiKeys(new ApiKeyStore(db), DEFAULTS, clock, new SimpleMeterRegistry());
    }

    @Test
    void aKeyRevokedOnOneInstanceIsRefusedByAnotherAfterItsNextRead() {
        ApiKeys a = instance(first, clockA);
        ApiKeys b = instance(second, clockB);
        ApiKeys.Created created = a.create("acme", null, "shared").block();

        assertThat(b.verify(created.secret()).block())
                .isNotNull()
                .extracting(LakeCaller::tenant)
                .isEqualTo("acme");
        clockA.advance(Duration.ofSeconds(1));
        assertThat(a.revoke(created.key().id()).block()).isTrue();
        assertThat(a.verify(created.secret()).block())
                .as("the revoking instance forgets at once")
                .isNull();
        assertThat(b.verify(created.secret()).block())
                .as("the other holds the key until it next asks (the bound: cache-ttl)")
                .isNotNull();

        clockB.advance(DEFAULTS.keys().cacheTtl());
        assertThat(b.refresh().block()).isGreaterThanOrEqualTo(1);
        assertThat(b.verify(created.secret()).block()).isNull();
    }

    @Test
    void aRevocationStampedByASlowerClockBeforeTheLastReadStillArrives() {
        ApiKeys a = instance(first, clockA);
        ApiKeys b = instance(second, clockB);
        ApiKeys.Created created = a.create("acme", null, "skewed").block();
        assertThat(b.verify(created.secret()).block()).isNotNull();
        clockB.advance(Duration.ofSeconds(30));
        b.refresh().block();

        // a's clock is 30 s behind b's: its revocation is stamped before b's last read began
        assertThat(a.revoke(created.key().id()).block()).isTrue();
        clockB.advance(DEFAULTS.keys().cacheTtl());
        b.refresh().block();

        assertThat(b.verify(created.secret()).block()).isNull();
    }

    @Test
    void anIdOnceFoundUnknownIsKnownAfterTheNextReadOnceItsKeyIsCreated() {
        ApiKeys b = instance(second, clockB);
        String id = "0123456789abcdef";
        String secret = "s".repeat(43);
        String presented = "lk_" + id + "_" + secret;
        assertThat(b.verify(presented).block()).as("not created yet").isNull();

        clockA.advance(Duration.ofSeconds(1));
        new ApiKeyStore(first.getDatabase(database))
                .insert(new ApiKey(id, "acme", "late", Scopes.TENANT, sha256Hex(secret), clockA.instant(), null))
                .block();
        assertThat(b.verify(presented).block())
                .as("the unknown id is remembered")
                .isNull();

        clockB.advance(DEFAULTS.keys().cacheTtl());
        b.refresh().block();
        assertThat(b.verify(presented).block())
                .isNotNull()
                .extracting(LakeCaller::scopes)
                .isEqualTo(Scopes.TENANT);
    }

    @Test
    void aKeyUsedBeforeIsVerifiedWithoutWaitingOnMongo() {
        ApiKeys a = instance(first, clockA);
        ApiKeys.Created created =
                a.create("acme", List.of(Scopes.TENANT.getFirst()), "hot").block();
        a.verify(created.secret()).block();

        // answered in memory: the Mono holds its value already, whatever the thread that subscribes
        assertThat(a.verify(created.secret()).blockOptional(Duration.ZERO)).isPresent();
    }

    private static String sha256Hex(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
