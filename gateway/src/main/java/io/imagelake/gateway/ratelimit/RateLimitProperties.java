package io.imagelake.gateway.ratelimit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
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
 * after a quiet period. Each limit is of all gateway instances together: each holds 1/N of it
 * ({@code membership}, {@link GatewayInstances}).
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
        @DefaultValue @NotNull @Valid Membership membership) {

    public record Limit(
            @Min(1) long requestsPerSecond, @Min(1) long burst) {}

    public record Upload(
            @NotNull DataSize bytesPerSecond,
            @NotNull DataSize burstBytes,
            @Min(1) int concurrent) {}

    /**
     * Every instance holds 1/N of each limit, N being the instances whose heartbeat (written every
     * {@code heartbeat} to MongoDB) is younger than {@code expiry}. An instance that dies is
     * counted until then, so for at most {@code expiry} the others hold a smaller share than they
     * could, never a larger one.
     */
    public record Membership(
            @DefaultValue("1s") @NotNull Duration heartbeat,
            @DefaultValue("5s") @NotNull Duration expiry) {

        @AssertTrue(message = "expiry must be longer than heartbeat, or live instances drop out between beats")
        public boolean isExpiryLongerThanHeartbeat() {
            return heartbeat == null || expiry == null || expiry.compareTo(heartbeat) > 0;
        }
    }
}
