package io.imagelake.ingest.bronze;

import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.ObjectRef;
import io.imagelake.contracts.ReemitRequested;
import io.imagelake.support.kafka.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Announces a bronze object again when the catalog asks ({@link ReemitRequested}): from its pending
 * marker if one is left (the full event, caption included), else from what the object itself
 * records (the user metadata written with every original). The event id is derived from the object,
 * so repeated requests announce the same event, which the catalog applies once.
 */
@Component
public class BronzeReemitter {

    private static final Logger log = LoggerFactory.getLogger(BronzeReemitter.class);

    private final BronzeWriter bronze;
    private final PendingEvents pending;
    private final EventPublisher events;
    private final MeterRegistry meters;

    public BronzeReemitter(BronzeWriter bronze, PendingEvents pending, EventPublisher events, MeterRegistry meters) {
        this.bronze = bronze;
        this.pending = pending;
        this.events = events;
        this.meters = meters;
    }

    /** Re-announces the object; false if there is nothing to announce (gone, not bronze, not ours). */
    public boolean reemit(ReemitRequested request) {
        if (!bronze.bucket().equals(request.bucket())) {
            return outcome("not_bronze", request);
        }
        Optional<ImageIngested> marker = pending.find(request.imageId());
        if (marker.isPresent() && marker.get().bronze().key().equals(request.key())) {
            events.publish(marker.get());
            pending.clear(request.imageId());
            return outcome("from_marker", request);
        }
        Optional<BronzeWriter.StoredObject> stored = bronze.stat(new ObjectRef(request.bucket(), request.key()));
        if (stored.isEmpty()) {
            return outcome("gone", request);
        }
        Optional<OriginalMetadata> original = OriginalMetadata.from(stored.get().userMetadata());
        if (original.isEmpty()) {
            // not written by ingest-api: nothing trustworthy to announce
            return outcome("unidentifiable", request);
        }
        OriginalMetadata m = original.get();
        String eventId = UUID.nameUUIDFromBytes(
                        ("reemit\u0000" + request.bucket() + "\u0000" + request.key() + "\u0000" + m.sha256())
                                .getBytes(StandardCharsets.UTF_8))
                .toString();
        events.publish(new ImageIngested(
                ImageEvent.CURRENT_SCHEMA_VERSION,
                eventId,
                m.imageId(),
                m.customerId(),
                m.source(),
                new ObjectRef(request.bucket(), request.key()),
                stored.get().size(),
                m.sha256(),
                m.format(),
                stored.get().contentType(),
                m.declaredContentType(),
                null,
                null,
                null,
                null,
                Map.of("recovered", "bronze-orphan"),
                stored.get().lastModified(),
                Instant.now()));
        return outcome("from_object", request);
    }

    private boolean outcome(String outcome, ReemitRequested request) {
        meters.counter("lake.ingest.reemitted", "outcome", outcome).increment();
        boolean announced = outcome.startsWith("from_");
        log.info("re-emit of {}/{} requested by the catalog: {}", request.bucket(), request.key(), outcome);
        return announced;
    }
}
