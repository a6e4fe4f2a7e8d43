package io.imagelake.ingest.bronze;

import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The optional {@code metadata} part of an upload, as the contract defines it. */
public record ImageMetadata(
        @Size(max = 2000) String caption,
        @Size(max = 32) List<@Size(min = 1, max = 64) String> tags,
        @PastOrPresent Instant capturedAt,
        @Size(max = 128) String device,
        @Size(max = 64) Map<@Size(max = 128) String, @Size(max = 1024) String> attributes) {

    public static final ImageMetadata EMPTY = new ImageMetadata(null, List.of(), null, null, Map.of());

    public ImageMetadata {
        tags = tags == null ? List.of() : tags;
        attributes = attributes == null ? Map.of() : attributes;
    }
}
