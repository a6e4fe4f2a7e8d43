package io.imagelake.catalog.integrity;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code lake.catalog.integrity.*}: how often the catalog is checked against the object store. */
@Validated
@ConfigurationProperties("lake.catalog.integrity")
public record IntegrityProperties(
        @DefaultValue("6h") @NotNull Duration interval,
        /* a bronze object younger than this may still have its event in flight: not an orphan yet */
        @DefaultValue("15m") @NotNull Duration orphanGrace,
        /* findings listed in a report (all are counted) */
        @DefaultValue("100") @Min(0) int reportSample,
        /* re-emit requests per run, so a wholesale loss of the catalog is recovered in steps */
        @DefaultValue("10000") @Min(0) int maxReemitsPerRun,
        /* how often each replica reads the last check's report (whichever replica ran it) for its gauges */
        @DefaultValue("1m") @NotNull Duration reportRefresh) {}
