package io.imagelake.ingest.stream;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The stream's own listener container: records are images (up to the size limit, so the fetch
 * limits are raised and few records are polled at once), offsets are committed per record, and a
 * failure that is not the record's fault (S3 or Kafka down) is retried without limit — the
 * partition waits out the outage instead of dead-lettering good images.
 */
@Configuration
public class IncomingStreamConfiguration {

    public static final String CONTAINER_FACTORY = "incomingImagesContainerFactory";

    @Bean(CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, byte[]> incomingImagesContainerFactory(
            KafkaProperties kafka, StreamProperties properties, MeterRegistry meters) {
        Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties());
        int fetch = (int) Math.min(Integer.MAX_VALUE, properties.maxBytes().toBytes() + 1024 * 1024);
        consumer.put("max.partition.fetch.bytes", fetch);
        consumer.put("fetch.max.bytes", fetch);
        consumer.put("max.poll.records", 10);
        var factory = new ConcurrentKafkaListenerContainerFactory<String, byte[]>();
        var consumerFactory = new DefaultKafkaConsumerFactory<String, byte[]>(consumer);
        // the Kafka client's metrics, consumer lag among them (kafka.consumer.fetch.manager.records.lag.max)
        consumerFactory.addListener(new MicrometerConsumerListener<>(meters));
        factory.setConsumerFactory(consumerFactory);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
        // a partner's traceparent header, if any, continues into the ingest and the events it emits
        factory.getContainerProperties().setObservationEnabled(true);
        factory.setCommonErrorHandler(new DefaultErrorHandler(
                new FixedBackOff(properties.outageRetryInterval().toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS)));
        return factory;
    }
}
