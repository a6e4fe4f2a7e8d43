package io.imagelake.gateway.ratelimit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lake.gateway.rate-limit.*}: token buckets per credential and per tenant (all of a tenant's
 * credentials together). {@code requests-per-second} is the sustained rate, {@code burst} what a
 * client may send at once after a quiet period.
 */
@Validated
@ConfigurationProperties("lake.gateway.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        /* one key or token (defaults in application.yml: 50/s, bursts of 100) */
        @NotNull @Valid Limit credential,
        /* all of a tenant's credentials together, a mobile app's devices share one tenant (500/s, bursts of 1000) */
        @NotNull @Valid Limit tenant) {

    public record Limit(@Min(1) long requestsPerSecond, @Min(1) long burst) {
    }
}
