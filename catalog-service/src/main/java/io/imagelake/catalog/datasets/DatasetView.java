package io.imagelake.catalog.datasets;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A dataset version as clients see it. The URLs, on a single published version, are the API's own
 * stable paths (relative to the API's base): a shard's answers 302 to a freshly presigned object URL,
 * so a training run of hours never meets an expired link.
 */
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
        Card card,
        String error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Manifest(String key, long bytes, String sha256, String url) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Shard(
            int index, String name, String split, String key, int images, long bytes, String sha256, String url) {}

    /** The version's dataset card, MLCommons Croissant (JSON-LD). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Card(String key, long bytes, String sha256, String url) {}
}
