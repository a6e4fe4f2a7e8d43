package io.imagelake.testing;

import io.imagelake.contracts.EventCodec;
import io.imagelake.contracts.ImageEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes image events (or raw records) in tests, as the producing service would. */
public final class EventWriter implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    public EventWriter(String bootstrap) {
        this(bootstrap, Map.of());
    }

    /** {@code security}: the client settings of the principal to write as (empty: a plaintext broker). */
    public EventWriter(String bootstrap, Map<String, Object> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 33554432);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    public void publish(ImageEvent event) {
        send(event.topic(), event.imageId(), EventCodec.encode(event));
    }

    /** Many events, pipelined (not one round trip each); returns once all are acknowledged. */
    public void publishAll(List<? extends ImageEvent> events) {
        List<Future<?>> sent = new ArrayList<>(events.size());
        for (ImageEvent event : events) {
            sent.add(producer.send(new ProducerRecord<>(event.topic(), event.imageId(), EventCodec.encode(event))));
        }
        producer.flush();
        try {
            for (var future : sent) {
                future.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish " + events.size() + " events", e);
        }
    }

    public void send(String topic, String key, byte[] value) {
        send(topic, key, value, Map.of());
    }

    /** A raw record with string headers, as the partner web app sends its images. */
    public void send(String topic, String key, byte[] value, Map<String, String> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
