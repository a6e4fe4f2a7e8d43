package io.imagelake.support.security;

import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lake.security.internal.*}: where a service finds the keys of the gateway's internal
 * tokens, and (for a service that calls another: the normalizer) the key it mints its own with.
 */
@Validated
@ConfigurationProperties("lake.security.internal")
public record InternalTokenProperties(
        /* the gateway's JWKS, e.g. http://gateway:8080/internal/jwks.json: required by every servlet service */
        String jwksUri,
        /* PKCS#8 PEM RSA private key shared with the gateway: only services that call other services need it */
        String signingKeyFile,
        /* how long a minted token is valid */
        @DefaultValue("5m") Duration ttl,
        /* verified tokens kept until their expiry, so a relayed token is verified once, not on every request */
        @DefaultValue("100000") @Positive long verifiedTokensCached) {}
