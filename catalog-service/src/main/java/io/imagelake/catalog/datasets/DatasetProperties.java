package io.imagelake.catalog.datasets;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** {@code lake.catalog.datasets.*}: shard sizes, the default split and how builds survive crashes. */
@Validated
@ConfigurationProperties("lake.catalog.datasets")
public record DatasetProperties(
        /* a shard closes when it holds this many images ... */
        @DefaultValue("1000") @Min(1) int shardMaxImages,
        /* ... or this many bytes, whichever comes first */
        @DefaultValue("256MB") @NotNull DataSize shardMaxBytes,
        /* the split a request without one gets */
        @DefaultValue @Valid SplitRatios split,
        /* builds running at once on one instance */
        @DefaultValue("1") @Min(1) int concurrentBuilds,
        /* a build whose heartbeat is older than this is taken over by another instance (or after a restart) */
        @DefaultValue("2m") @NotNull Duration staleAfter,
        /* how often a running build renews its heartbeat and instances look for stale builds */
        @DefaultValue("20s") @NotNull Duration heartbeat,
        /* a version whose build failed this often is FAILED instead of retried */
        @DefaultValue("3") @Min(1) int maxAttempts,
        /* the licence a version's Croissant card states (a URL or a text): the images are the tenant's own */
        @DefaultValue("proprietary: the tenant's own images, under the tenant's terms") @NotBlank
        String license) {}
