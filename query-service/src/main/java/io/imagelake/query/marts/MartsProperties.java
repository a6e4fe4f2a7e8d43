package io.imagelake.query.marts;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lake.marts.*}: how the gold marts are kept fresh.
 *
 * @param refreshInterval between two refreshes (a catalog change is in the marts within about this long)
 * @param lookback how far before the last watermark a refresh reads again: a catalog write stamped
 *     at T may commit a little after T, and replica clocks differ (re-reading is harmless: MERGE is keyed)
 * @param maintenanceInterval between two maintenance runs (compaction, snapshot expiry)
 */
@Validated
@ConfigurationProperties("lake.marts")
public record MartsProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("30s") @NotNull Duration refreshInterval,
        @DefaultValue("2m") @NotNull Duration lookback,
        @DefaultValue("6h") @NotNull Duration maintenanceInterval) {}
