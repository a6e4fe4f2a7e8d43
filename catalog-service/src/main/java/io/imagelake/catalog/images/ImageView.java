package io.imagelake.catalog.images;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An image as the contract shows it ({@code GET /api/v1/images/{id}}). Zones not reached are absent. */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ImageView(
        String imageId,
        String customerId,
        String source,
        String status,
        /* the pipeline version whose verdict the status is (absent before the normalizer's) */
        String pipelineVersion,
        Map<String, Map<String, Object>> zones,
        Caption caption,
        List<String> tags,
        Map<String, Object> features,
        List<Map<String, String>> reasons,
        @JsonInclude(JsonInclude.Include.ALWAYS) String duplicateOf,
        /* when the lake received the image */
        Instant createdAt,
        /* the time its source states (a stream record's timestamp, an import's start) */
        Instant sourceTime,
        Instant updatedAt,
        List<Map<String, Object>> lineage) {

    public record Caption(String original, String normalized, List<String> tokens, String language) {}
}
