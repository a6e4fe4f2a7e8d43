package io.imagelake.ingest.tus;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code lake.ingest.tus.*}: how long an unfinished resumable upload is kept, and how often expired ones go. */
@Validated
@ConfigurationProperties("lake.ingest.tus")
public record TusProperties(
        /* from creation: a mobile app that lost its network for a night still resumes in the morning */
        @DefaultValue("24h") @NotNull Duration expiry,
        @DefaultValue("5m") @NotNull Duration sweepInterval) {}
