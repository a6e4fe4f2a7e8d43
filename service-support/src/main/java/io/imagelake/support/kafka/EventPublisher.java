package io.imagelake.support.kafka;

import io.imagelake.contracts.EventCodec;
import io.imagelake.contracts.ImageEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes image events keyed by imageId and returns only once Kafka acknowledged them
 * (acks=all, idempotent producer): what the caller promises after this call is durable.
 */
public class EventPublisher {

    private final KafkaTemplate<String, byte[]> template;
    private final LakeKafkaProperties properties;
    private final MeterRegistry meters;

    public EventPublisher(
            KafkaTemplate<String, byte[]> template, LakeKafkaProperties properties, MeterRegistry meters) {
        this.template = template;
        this.properties = properties;
        this.meters = meters;
    }

    public void publish(ImageEvent event) {
        publish(event.topic(), event.imageId(), event);
    }

    /** Any record of a lake topic, keyed (partitioned) by {@code key}; returns once acknowledged. */
    public void publish(String topic, String key, Object message) {
        try {
            template.send(topic, key, EventCodec.encode(message))
                    .get(properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
            meters.counter("lake.events.published", "topic", topic, "outcome", "acked")
                    .increment();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(topic, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw failed(topic, e);
        }
    }

    private EventPublishException failed(String topic, Exception cause) {
        meters.counter("lake.events.published", "topic", topic, "outcome", "failed")
                .increment();
        return new EventPublishException(topic, cause);
    }
}
