package io.imagelake.contracts;

import java.time.Instant;

/** Every image event: keyed by imageId on its topic, versioned by {@code schemaVersion}. */
public sealed interface ImageEvent permits ImageIngested, ImageNormalized, ImageRejected, ImagePromoted {

    int CURRENT_SCHEMA_VERSION = 1;

    int schemaVersion();

    /** Unique per emitted event; a redelivered event keeps its id, which makes projection idempotent. */
    String eventId();

    String imageId();

    String customerId();

    Instant occurredAt();

    /** The topic this event type is published on. */
    String topic();
}
