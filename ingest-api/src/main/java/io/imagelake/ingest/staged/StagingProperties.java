package io.imagelake.ingest.staged;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lake.ingest.staging.*}: how long an unfinished staged upload (tus or direct) is kept, how often expired ones
 * go, and how long a direct upload's URL is valid.
 */
@Validated
@ConfigurationProperties("lake.ingest.staging")
public record StagingProperties(
        /* from creation: a mobile app that lost its network for a night still resumes in the morning */
        @DefaultValue("24h") @NotNull Duration expiry,
        @DefaultValue("5m") @NotNull Duration sweepInterval,
        /* how long a direct upload's presigned PUT URL is valid: enough for 25 MB on a slow phone network */
        @DefaultValue("15m") @NotNull Duration directUrlTtl) {}
