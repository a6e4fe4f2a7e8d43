package io.imagelake.contracts;

import java.time.Instant;

/** The image passed the quality gates and is curated into gold. */
public record ImagePromoted(
        int schemaVersion,
        String eventId,
        String imageId,
        String customerId,
        String pipelineVersion,
        ObjectRef gold,
        Instant occurredAt)
        implements ImageEvent {

    @Override
    public String topic() {
        return Topics.PROMOTED;
    }
}
