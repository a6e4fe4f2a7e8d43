package io.imagelake.support.kafka;

import io.imagelake.contracts.EventCodec;
import io.imagelake.contracts.ImageEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.kafka.core.KafkaTemplate;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes image events keyed by imageId and returns only once Kafka acknowledged them
 * (acks=all, idempotent producer): what the caller promises after this call is durable.
 */
public class EventPublisher {

    private final KafkaTemplate<String, byte[]> template;
    private final LakeKafkaProperties properties;
    private final MeterRegistry meters;

    public EventPublisher(KafkaTemplate<String, byte[]> template, LakeKafkaProperties properties, MeterRegistry meters) {
        this.template = template;
        this.properties = properties;
        this.meters = meters;
    }

    public void publish(ImageEvent event) {
        try {
            template.send(event.topic(), event.imageId(), EventCodec.encode(event))
                    .get(properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
            meters.counter("lake.events.published", "topic", event.topic(), "outcome", "acked").increment();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(event, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw failed(event, e);
        }
    }

    private EventPublishException failed(ImageEvent event, Exception cause) {
        meters.counter("lake.events.published", "topic", event.topic(), "outcome", "failed").increment();
        return new EventPublishException(event.topic(), cause);
    }
}
