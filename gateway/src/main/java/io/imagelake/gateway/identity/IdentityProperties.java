package io.imagelake.gateway.identity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lake.security.*} as the gateway uses it: how long a key's state
 * may be cached (a revoked key stops working within that, on every instance), the bootstrap admin
 * key of a local platform, and an optional external OpenID Connect issuer.
 */
@Validated
@ConfigurationProperties("lake.security")
public record IdentityProperties(
        // keys (API keys and, if configured, OIDC tokens); trusted-header only to measure what identity costs
        // (benchmarks)
        @DefaultValue("keys") @NotNull Mode mode,
        @DefaultValue Keys keys,
        @DefaultValue Oidc oidc) {

    public enum Mode {
        KEYS,
        /**
         * Any client is the tenant its {@code X-Customer-Id} names: never a default, loudly logged, for benchmarks
         * only.
         */
        TRUSTED_HEADER
    }

    public record Keys(
            /* how often each instance reads the keys created or revoked since it last asked: the revocation delay */
            @DefaultValue("2s") @NotNull Duration cacheTtl,
            /* a key (or an unknown id) unused this long leaves the instance's memory */
            @DefaultValue("1h") @NotNull Duration cacheIdle,
            String bootstrapAdminFile) {}

    /**
     * An external identity provider (Keycloak, ...): its bearer JWTs are accepted when
     * {@code jwks-uri} is set, the tenant read from {@code tenant-claim}, the permissions from the
     * {@code scope} claim (only {@code Scopes} the lake knows); issuer and audience checked when configured.
     */
    public record Oidc(
            String issuer,
            String jwksUri,
            @DefaultValue("tenant") @NotBlank String tenantClaim,
            /* if set, a token's aud must contain it (Keycloak: the realm's audience mapper) */
            String audience) {

        public boolean enabled() {
            return jwksUri != null && !jwksUri.isBlank();
        }
    }
}
