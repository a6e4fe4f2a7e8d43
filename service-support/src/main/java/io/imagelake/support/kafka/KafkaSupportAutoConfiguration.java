package io.imagelake.support.kafka;

import io.imagelake.contracts.Topics;
import io.imagelake.support.storage.ObjectStoreAutoConfiguration;
import io.imagelake.support.storage.StorageProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;

/** Topics, the event publisher and the Kafka health indicator for every service that uses Kafka. */
@AutoConfiguration(after = {KafkaAutoConfiguration.class, ObjectStoreAutoConfiguration.class})
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties(LakeKafkaProperties.class)
public class KafkaSupportAutoConfiguration {

    /**
     * Every lake topic, created idempotently by whichever service starts first. The image stream's
     * records are whole images, so its topic takes records up to {@code lake.kafka.max-image-record},
     * and its dead-letter topic that plus the dead-letter headers.
     */
    @Bean
    KafkaAdmin.NewTopics lakeTopics(LakeKafkaProperties properties) {
        Map<String, String> imageRecords = Map.of(
                "max.message.bytes", Long.toString(properties.maxImageRecord().toBytes()));
        Map<String, String> deadImageRecords =
                Map.of("max.message.bytes", Long.toString(properties.maxDeadLetterImageRecord()));
        return new KafkaAdmin.NewTopics(Stream.of(
                        Stream.of(new NewTopic(Topics.INCOMING, properties.partitions(), properties.replicationFactor())
                                .configs(imageRecords)),
                        Stream.of(new NewTopic(
                                        Topics.INCOMING_DLQ, properties.partitions(), properties.replicationFactor())
                                .configs(deadImageRecords)),
                        Stream.of(
                                        Topics.INGESTED,
                                        Topics.NORMALIZED,
                                        Topics.REJECTED,
                                        Topics.PROMOTED,
                                        Topics.deadLetterOf(Topics.INGESTED),
                                        Topics.deadLetterOf(Topics.NORMALIZED),
                                        Topics.deadLetterOf(Topics.REJECTED),
                                        Topics.deadLetterOf(Topics.PROMOTED),
                                        Topics.REEMIT,
                                        Topics.deadLetterOf(Topics.REEMIT))
                                .map(name ->
                                        new NewTopic(name, properties.partitions(), properties.replicationFactor())))
                .flatMap(topics -> topics)
                .toArray(NewTopic[]::new));
    }

    /**
     * Producers may send the largest dead-lettered image record: the request size and the buffer it
     * must fit in whole (buffer.memory defaults to exactly 32 MB, so without this the copy of the
     * largest stream record is refused by the client and retried for ever). The topics' own limits still apply.
     */
    @Bean
    DefaultKafkaProducerFactoryCustomizer lakeProducerRecordSize(LakeKafkaProperties properties) {
        int largest = (int) Math.min(Integer.MAX_VALUE, properties.maxDeadLetterImageRecord());
        return factory -> factory.updateConfigs(Map.of(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                largest,
                ProducerConfig.BUFFER_MEMORY_CONFIG,
                (long) largest + 1024 * 1024));
    }

    @Bean
    EventPublisher eventPublisher(
            KafkaTemplate<String, byte[]> template, LakeKafkaProperties properties, MeterRegistry meters) {
        return new EventPublisher(template, properties, meters);
    }

    /** Picked up by Boot's listener container factory: retries with backoff, then the topic's DLQ. */
    @Bean
    DefaultErrorHandler lakeErrorHandler(
            KafkaTemplate<String, byte[]> template, LakeKafkaProperties properties, MeterRegistry meters) {
        return DeadLetterErrorHandlerFactory.create(template, properties, meters);
    }

    /** Where an event's objects may lie (its tenant's prefix in its zone's bucket), for every consumer of events. */
    @Bean
    @ConditionalOnBean(StorageProperties.class)
    EventReferences eventReferences(StorageProperties storage, MeterRegistry meters) {
        return new EventReferences(storage.buckets(), meters);
    }

    /** Every consumer's client metrics, its lag among them ({@code kafka.consumer.fetch.manager.records.lag.max}). */
    @Bean
    DefaultKafkaConsumerFactoryCustomizer lakeConsumerMetrics(MeterRegistry meters) {
        return factory -> factory.addListener(new MicrometerConsumerListener<>(meters));
    }

    /** Every listener container of the service gets {@link ListenerErrorAdvice}: an Error never stops a container. */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> lakeListenerErrorAdvice(
            MeterRegistry meters) {
        ListenerErrorAdvice advice = new ListenerErrorAdvice(meters);
        return container -> container.getContainerProperties().setAdviceChain(advice);
    }

    /** {@code listeners} in health: include it in the liveness and readiness groups of a service that consumes. */
    @Bean("listenersHealthIndicator")
    ListenerContainersHealthIndicator listenersHealthIndicator(KafkaListenerEndpointRegistry registry) {
        return new ListenerContainersHealthIndicator(registry);
    }

    @Bean("kafkaHealthIndicator")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin, LakeKafkaProperties properties) {
        return new KafkaHealthIndicator(admin, properties);
    }
}
