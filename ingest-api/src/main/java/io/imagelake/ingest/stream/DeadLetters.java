package io.imagelake.ingest.stream;

import io.imagelake.support.kafka.DeadLetterErrorHandlerFactory;
import io.imagelake.support.kafka.LakeKafkaProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Puts a record that cannot become an image on the stream's dead-letter topic, unchanged, with
 * {@code lake-error} saying why (and {@code lake-error-code}, a stable code). Waits for the ack:
 * the offset is committed only after the record is safe there.
 */
@Component
public class DeadLetters {

    public static final String ERROR_HEADER = "lake-error";
    public static final String ERROR_CODE_HEADER = "lake-error-code";

    private final KafkaTemplate<String, byte[]> template;
    private final StreamProperties properties;
    private final MeterRegistry meters;

    public DeadLetters(KafkaTemplate<String, byte[]> template, StreamProperties properties, MeterRegistry meters) {
        this.meters = meters;
        this.template = template;
        this.properties = properties;
    }

    public void send(ConsumerRecord<String, byte[]> record, String code, String detail) throws Exception {
        ProducerRecord<String, byte[]> dead =
                new ProducerRecord<>(properties.deadLetterTopic(), null, record.key(), record.value());
        for (Header header : record.headers()) {
            dead.headers().add(header);
        }
        String error = code + ": " + detail;
        // bounded, so the copy never outgrows the dead-letter topic's headroom over the stream's record limit
        error = error.length() > LakeKafkaProperties.MAX_ERROR_DETAIL
                ? error.substring(0, LakeKafkaProperties.MAX_ERROR_DETAIL)
                : error;
        dead.headers().add(ERROR_HEADER, error.getBytes(StandardCharsets.UTF_8));
        dead.headers().add(ERROR_CODE_HEADER, code.getBytes(StandardCharsets.UTF_8));
        dead.headers()
                .add(
                        "lake-original-offset",
                        (record.topic() + "/" + record.partition() + "/" + record.offset())
                                .getBytes(StandardCharsets.UTF_8));
        template.send(dead).get(30, TimeUnit.SECONDS);
        meters.counter(DeadLetterErrorHandlerFactory.DEAD_LETTERS, "topic", record.topic(), "reason", code)
                .increment();
    }
}
