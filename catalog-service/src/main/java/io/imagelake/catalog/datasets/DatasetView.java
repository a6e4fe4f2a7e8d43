package io.imagelake.catalog.datasets;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A dataset version as clients see it; URLs only on a single published version, presigned and short-lived. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetView(
        String name,
        long version,
        String state,
        Map<String, Object> filter,
        Map<String, Double> split,
        Instant createdAt,
        Instant publishedAt,
        Long images,
        Long skipped,
        Long bytes,
        Map<String, Object> splitCounts,
        Manifest manifest,
        List<Shard> shards,
        String error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Manifest(String key, long bytes, String sha256, String url) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Shard(int index, String key, int images, long bytes, String sha256, String url) {}
}
