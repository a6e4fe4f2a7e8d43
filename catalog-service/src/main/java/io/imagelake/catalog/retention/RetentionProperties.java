package io.imagelake.catalog.retention;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lake.catalog.retention.*}: how long each zone keeps an image (unset = forever). Processed
 * images are kept at least {@link #ARCHIVAL_MINIMUM} for archival: a shorter setting stops startup.
 */
@Validated
@ConfigurationProperties("lake.catalog.retention")
public record RetentionProperties(
        @DurationUnit(ChronoUnit.DAYS) @DefaultValue("30d") Duration bronze,
        @DurationUnit(ChronoUnit.DAYS) Duration silver,
        @DurationUnit(ChronoUnit.DAYS) Duration gold,
        @DefaultValue("1h") @NotNull Duration sweepInterval,
        @DefaultValue("500") int sweepBatch) {

    public static final Duration ARCHIVAL_MINIMUM = Duration.ofDays(7);

    public RetentionProperties {
        for (var zone : Map.of(
                        "bronze",
                        Optional.ofNullable(bronze),
                        "silver",
                        Optional.ofNullable(silver),
                        "gold",
                        Optional.ofNullable(gold))
                .entrySet()) {
            zone.getValue().filter(d -> d.compareTo(ARCHIVAL_MINIMUM) < 0).ifPresent(d -> {
                throw new IllegalArgumentException("lake.catalog.retention." + zone.getKey() + "=" + d.toDays()
                        + "d is shorter than the 7-day archival minimum: processed images are kept at least 7 days");
            });
        }
    }

    /** Zone id to retention, for the zones that expire. */
    public Map<String, Duration> expiring() {
        Map<String, Duration> zones = new LinkedHashMap<>();
        Optional.ofNullable(bronze).ifPresent(d -> zones.put("bronze", d));
        Optional.ofNullable(silver).ifPresent(d -> zones.put("silver", d));
        Optional.ofNullable(gold).ifPresent(d -> zones.put("gold", d));
        return zones;
    }
}
