package io.imagelake.catalog.projection;

import io.imagelake.catalog.webhooks.Webhooks;
import io.imagelake.contracts.EventCodec;
import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.Topics;
import io.imagelake.support.kafka.EventReferences;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation.DefaultKafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.stereotype.Component;

/**
 * Every image event, whatever its topic, into the catalog: a poll at a time ({@link CatalogProjector#applyAll}).
 * A record that fails is named to spring-kafka's error handler by its index in the poll
 * ({@link BatchListenerFailedException}): the records before it are done and committed, it alone is retried or
 * dead-lettered as a single record would be, and the rest come again. spring-kafka observes a batch listener's
 * records only as empty spans before the call, so each record's span is started here, joined to the trace its
 * headers carry, and ends with its poll: one upload stays one trace through the catalog.
 */
@Component
public class ImageEventListener {

    private final CatalogProjector projector;
    private final EventReferences references;
    private final Webhooks webhooks;
    private final MeterRegistry meters;
    private final ObservationRegistry observations;

    public ImageEventListener(
            CatalogProjector projector,
            EventReferences references,
            Webhooks webhooks,
            MeterRegistry meters,
            ObservationRegistry observations) {
        this.projector = projector;
        this.webhooks = webhooks;
        this.references = references;
        this.meters = meters;
        this.observations = observations;
    }

    @KafkaListener(
            topics = {Topics.INGESTED, Topics.NORMALIZED, Topics.REJECTED, Topics.PROMOTED},
            batch = "true")
    public void onEvents(List<ConsumerRecord<String, byte[]>> records) {
        List<Observation> spans = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            spans.add(KafkaListenerObservation.LISTENER_OBSERVATION
                    .observation(
                            null,
                            DefaultKafkaListenerObservationConvention.INSTANCE,
                            () -> new KafkaRecordReceiverContext(record, "catalog-projection", () -> null),
                            observations)
                    .start());
        }
        try {
            project(records);
        } catch (BatchListenerFailedException e) {
            spans.get(e.getIndex()).error(e.getCause());
            throw e;
        } finally {
            spans.forEach(Observation::stop);
        }
    }

    private void project(List<ConsumerRecord<String, byte[]>> records) {
        List<ImageEvent> events = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                // an event naming another tenant's objects would have the catalog presign them for this tenant
                events.add(references.check(EventCodec.decode(record.topic(), record.value())));
            } catch (RuntimeException e) {
                projectEvents(events);
                throw new BatchListenerFailedException("an image event the catalog cannot take", e, events.size());
            }
        }
        projectEvents(events);
    }

    private void projectEvents(List<ImageEvent> events) {
        try {
            projector.applyAll(events);
        } catch (RuntimeException | Error e) {
            // every step is idempotent: one event at a time then finds the one that fails (or the outage stops the
            // first), for the error handler to retry or dead-letter that one alone
            meters.counter("lake.catalog.projection.batch_fallbacks").increment();
            Map<String, List<Document>> subscriptions = new HashMap<>();
            for (int i = 0; i < events.size(); i++) {
                try {
                    projector.apply(events.get(i));
                    afterProjection(events.get(i), subscriptions);
                } catch (RuntimeException | Error failure) {
                    throw new BatchListenerFailedException("projecting an image event failed", failure, i);
                }
            }
            return;
        }
        Map<String, List<Document>> subscriptions = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            try {
                afterProjection(events.get(i), subscriptions);
            } catch (RuntimeException | Error failure) {
                throw new BatchListenerFailedException("queueing an image event's webhooks failed", failure, i);
            }
        }
    }

    private void afterProjection(ImageEvent event, Map<String, List<Document>> subscriptions) {
        // after the projection, so a client told by its webhook reads the image as the event left it;
        // also for a redelivered event (a crash may have come between the two): queued once by the delivery's id
        webhooks.enqueue(event, subscriptions);
        if (event.occurredAt() != null) {
            // from the event's creation to its projection: how far the catalog trails the lake
            meters.timer("lake.catalog.projection.lag", "type", event.getClass().getSimpleName())
                    .record(Duration.between(event.occurredAt(), Instant.now()));
        }
    }
}
