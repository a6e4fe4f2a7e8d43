package io.imagelake.gateway.ratelimit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lake.gateway.rate-limit.*}: token buckets per credential and per tenant (all of a tenant's
 * credentials together), and for uploads a tenant's bytes per second and uploads in flight.
 * {@code requests-per-second} is the sustained rate, {@code burst} what a client may send at once
 * after a quiet period. The buckets are shared by every gateway instance (MongoDB, see
 * {@link MongoBucketStore}); {@code sync} bounds how far an instance may run ahead of the others.
 */
@Validated
@ConfigurationProperties("lake.gateway.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        /* one key or token (defaults in application.yml: 50/s, bursts of 100) */
        @NotNull @Valid Limit credential,
        /* all of a tenant's credentials together, a mobile app's devices share one tenant (500/s, bursts of 1000) */
        @NotNull @Valid Limit tenant,
        // a tenant's uploads: bytes per second (burst at least the largest upload) and uploads in flight per instance
        @NotNull @Valid Upload upload,
        @DefaultValue @NotNull @Valid Sync sync) {

    public record Limit(
            @Min(1) long requestsPerSecond, @Min(1) long burst) {}

    public record Upload(
            @NotNull DataSize bytesPerSecond,
            @NotNull DataSize burstBytes,
            @Min(1) int concurrent) {}

    /**
     * An instance consumes from its copy of a bucket and writes it back to the shared store once it
     * has taken {@code share} of the bucket's burst, or after {@code interval}, whichever comes
     * first: with N instances a client may exceed a limit by at most N × share × burst per interval,
     * for one store round trip per that many tokens instead of one per request (measured in the
     * ingest bench: a round trip per few requests cost the gateway a quarter more CPU).
     */
    public record Sync(
            @DefaultValue("0.05") @DecimalMin("0") @DecimalMax("1")
            double share,

            @DefaultValue("1s") @NotNull Duration interval) {

        public long tokens(long burst) {
            return Math.max(1, Math.round(burst * share));
        }
    }
}
