package io.imagelake.support.kafka;

import io.imagelake.contracts.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/** Topics, the event publisher and the Kafka health indicator for every service that uses Kafka. */
@AutoConfiguration(after = {KafkaAutoConfiguration.class, io.imagelake.support.storage.ObjectStoreAutoConfiguration.class})
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
        java.util.Map<String, String> imageRecords = java.util.Map.of("max.message.bytes",
                Long.toString(properties.maxImageRecord().toBytes()));
        java.util.Map<String, String> deadImageRecords = java.util.Map.of("max.message.bytes",
                Long.toString(properties.maxDeadLetterImageRecord()));
        return new KafkaAdmin.NewTopics(java.util.stream.Stream.of(
                        java.util.stream.Stream.of(new NewTopic(Topics.INCOMING, properties.partitions(), properties.replicationFactor())
                                .configs(imageRecords)),
                        java.util.stream.Stream.of(new NewTopic(Topics.INCOMING_DLQ, properties.partitions(), properties.replicationFactor())
                                .configs(deadImageRecords)),
                        java.util.stream.Stream.of(Topics.INGESTED, Topics.NORMALIZED, Topics.REJECTED, Topics.PROMOTED,
                                        Topics.deadLetterOf(Topics.INGESTED), Topics.deadLetterOf(Topics.NORMALIZED),
                                        Topics.deadLetterOf(Topics.REJECTED), Topics.deadLetterOf(Topics.PROMOTED),
                                        Topics.REEMIT, Topics.deadLetterOf(Topics.REEMIT))
                                .map(name -> new NewTopic(name, properties.partitions(), properties.replicationFactor())))
                .flatMap(topics -> topics)
                .toArray(NewTopic[]::new));
    }

    /**
     * Producers may send the largest dead-lettered image record: the request size and the buffer it
     * must fit in whole (buffer.memory defaults to exactly 32 MB, so without this the copy of the
     * largest stream record is refused by the client and retried for ever). The topics' own limits still apply.
     */
    @Bean
    org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer lakeProducerRecordSize(
            LakeKafkaProperties properties) {
        int largest = (int) Math.min(Integer.MAX_VALUE, properties.maxDeadLetterImageRecord());
        return factory -> factory.updateConfigs(java.util.Map.of(
                org.apache.kafka.clients.producer.ProducerConfig.MAX_REQUEST_SIZE_CONFIG, largest,
                org.apache.kafka.clients.producer.ProducerConfig.BUFFER_MEMORY_CONFIG, (long) largest + 1024 * 1024));
    }

    @Bean
    EventPublisher eventPublisher(KafkaTemplate<String, byte[]> template, LakeKafkaProperties properties, MeterRegistry meters) {
        return new EventPublisher(template, properties, meters);
    }

    /** Picked up by Boot's listener container factory: retries with backoff, then the topic's DLQ. */
    @Bean
    org.springframework.kafka.listener.DefaultErrorHandler lakeErrorHandler(KafkaTemplate<String, byte[]> template,
                                                                             LakeKafkaProperties properties, MeterRegistry meters) {
        return DeadLetterErrorHandlerFactory.create(template, properties, meters);
    }

    /** Where an event's objects may lie (its tenant's prefix in its zone's bucket), for every consumer of events. */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnBean(io.imagelake.support.storage.StorageProperties.class)
    EventReferences eventReferences(io.imagelake.support.storage.StorageProperties storage, MeterRegistry meters) {
        return new EventReferences(storage.buckets(), meters);
    }

    /** Every consumer's client metrics, its lag among them ({@code kafka.consumer.fetch.manager.records.lag.max}). */
    @Bean
    org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer lakeConsumerMetrics(MeterRegistry meters) {
        return factory -> factory.addListener(new org.springframework.kafka.core.MicrometerConsumerListener<>(meters));
    }

    /** Every listener container of the service gets {@link ListenerErrorAdvice}: an Error never stops a container. */
    @Bean
    org.springframework.kafka.config.ContainerCustomizer<Object, Object,
            org.springframework.kafka.listener.ConcurrentMessageListenerContainer<Object, Object>> lakeListenerErrorAdvice(
            MeterRegistry meters) {
        ListenerErrorAdvice advice = new ListenerErrorAdvice(meters);
        return container -> container.getContainerProperties().setAdviceChain(advice);
    }

    /** {@code listeners} in health: include it in the liveness and readiness groups of a service that consumes. */
    @Bean("listenersHealthIndicator")
    ListenerContainersHealthIndicator listenersHealthIndicator(
            org.springframework.kafka.config.KafkaListenerEndpointRegistry registry) {
        return new ListenerContainersHealthIndicator(registry);
    }

    @Bean("kafkaHealthIndicator")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin, LakeKafkaProperties properties) {
        return new KafkaHealthIndicator(admin, properties);
    }
}
