package io.imagelake.normalizer.reprocessing;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code lake.normalizer.reprocessing.*}: where the list of a tenant's originals comes from, and job bookkeeping. */
@Validated
@ConfigurationProperties("lake.normalizer.reprocessing")
public record ReprocessingProperties(
        /* catalog-service: the lake's memory of every original (key, caption, tags, source) */
        @DefaultValue("http://127.0.0.1:8083") @NotNull URI catalogUri,
        @DefaultValue("10s") @NotNull Duration catalogTimeout,
        @DefaultValue("200") @Min(1) @Max(1000) int pageSize,
        /* finished jobs kept for GET; the oldest are forgotten first */
        @DefaultValue("50") @Min(1) int keepFinishedJobs,
        /* failures listed per job (all are counted) */
        @DefaultValue("20") @Min(0) int maxListedFailures,
        /* how often an instance saves the progress of the jobs it holds, and looks for jobs nobody holds */
        @DefaultValue("5s") @NotNull Duration heartbeatInterval,
        /* a job unsaved this long is taken over by another instance (several heartbeats: a slow save is no death) */
        @DefaultValue("30s") @NotNull Duration lease) {}
