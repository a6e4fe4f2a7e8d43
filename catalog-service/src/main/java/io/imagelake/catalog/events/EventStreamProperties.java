package io.imagelake.catalog.events;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code lake.catalog.events.*}: the server-sent-events stream of a tenant's image events. */
@Validated
@ConfigurationProperties("lake.catalog.events")
public record EventStreamProperties(
        /* streams one replica serves at once (each reads the event topics itself); past it, 503 */
        @DefaultValue("100") @Min(1) int maxStreams,
        /* a stream ends after this; the client reconnects with Last-Event-ID and misses nothing */
        @DefaultValue("30m") @NotNull Duration maxDuration,
        /* a comment line after this long without an event keeps proxies from closing an idle stream */
        @DefaultValue("15s") @NotNull Duration heartbeat) {}
