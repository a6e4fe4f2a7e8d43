package io.imagelake.contracts;

import java.util.List;

/** Kafka topic names of the public contract and of the internal image events. */
public final class Topics {

    /** Partner web app's raw image stream (record value = image bytes, tenant in headers). */
    public static final String INCOMING = "lake.images.incoming";

    public static final String INCOMING_DLQ = "lake.images.incoming.dlq";

    public static final String INGESTED = "lake.images.ingested";
    public static final String NORMALIZED = "lake.images.normalized";
    public static final String REJECTED = "lake.images.rejected";
    public static final String PROMOTED = "lake.images.promoted";

    /** Requests to announce a bronze object again ({@link ReemitRequested}), consumed by ingest-api. */
    public static final String REEMIT = "lake.ingest.reemit";

    /** Every topic a consumer of the lake reads, so each has a dead-letter topic. */
    public static final List<String> CONSUMED = List.of(INCOMING, INGESTED, NORMALIZED, REJECTED, PROMOTED, REEMIT);

    /** Dead letters of the internal event topics (poison messages after bounded retries). */
    public static String deadLetterOf(String topic) {
        return topic + ".dlq";
    }

    private Topics() {}
}
