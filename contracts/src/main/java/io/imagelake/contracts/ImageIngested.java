package io.imagelake.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An image's original bytes are stored in bronze. Emitted by ingest-api. */
public record ImageIngested(
        int schemaVersion,
        String eventId,
        String imageId,
        String customerId,
        Source source,
        ObjectRef bronze,
        long bytes,
        String sha256,
        String format,
        String contentType,
        String declaredContentType,
        String caption,
        List<String> tags,
        Instant capturedAt,
        String device,
        Map<String, String> attributes,
        Instant receivedAt,
        Instant occurredAt)
        implements ImageEvent {

    public ImageIngested {
        tags = tags == null ? List.of() : List.copyOf(tags);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    @Override
    public String topic() {
        return Topics.INGESTED;
    }
}
