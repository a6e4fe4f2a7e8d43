package io.imagelake.catalog.projection;

import io.imagelake.catalog.webhooks.Webhooks;
import io.imagelake.contracts.EventCodec;
import io.imagelake.contracts.Topics;
import io.imagelake.support.kafka.EventReferences;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Every image event, whatever its topic, into the catalog. */
@Component
public class ImageEventListener {

    private final CatalogProjector projector;
    private final EventReferences references;
    private final Webhooks webhooks;
    private final MeterRegistry meters;

    public ImageEventListener(
            CatalogProjector projector, EventReferences references, Webhooks webhooks, MeterRegistry meters) {
        this.projector = projector;
        this.webhooks = webhooks;
        this.references = references;
        this.meters = meters;
    }

    @KafkaListener(topics = {Topics.INGESTED, Topics.NORMALIZED, Topics.REJECTED, Topics.PROMOTED})
    public void onEvent(ConsumerRecord<String, byte[]> record) {
        // an event naming another tenant's objects would have the catalog presign them for this tenant
        var event = references.check(EventCodec.decode(record.topic(), record.value()));
        projector.apply(event);
        // after the projection, so a client told by its webhook reads the image as the event left it;
        // also for a redelivered event (a crash may have come between the two): queued once by the delivery's id
        webhooks.enqueue(event);
        if (event.occurredAt() != null) {
            // from the event's creation to its projection: how far the catalog trails the lake
            meters.timer("lake.catalog.projection.lag", "type", event.getClass().getSimpleName())
                    .record(Duration.between(event.occurredAt(), Instant.now()));
        }
    }
}
