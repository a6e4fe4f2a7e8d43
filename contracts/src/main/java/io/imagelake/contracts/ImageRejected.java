package io.imagelake.contracts;

import java.time.Instant;
import java.util.List;

/** The image cannot (or must not) go further; {@code reasons} says why. */
public record ImageRejected(
        int schemaVersion,
        String eventId,
        String imageId,
        String customerId,
        String pipelineVersion,
        ImageStatus status,
        List<Reason> reasons,
        String duplicateOf,
        Instant occurredAt)
        implements ImageEvent {

    public ImageRejected {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        status = status == null ? ImageStatus.REJECTED : status;
    }

    @Override
    public String topic() {
        return Topics.REJECTED;
    }
}
