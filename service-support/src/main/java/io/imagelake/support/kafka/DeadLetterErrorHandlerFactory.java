package io.imagelake.support.kafka;

import io.imagelake.contracts.EventCodec;
import io.imagelake.contracts.Topics;
import io.imagelake.support.errors.PermanentException;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * spring-kafka's error handler as every consumer of the lake uses it: transient failures are retried
 * with exponential backoff (bounded), then the record goes to {@code <topic>.dlq} with the
 * exception in its headers. A {@link PermanentException} (an event naming another tenant's objects,
 * an unknown tenant…) and a malformed event skip the retries: they will never be right, or never parse.
 */
public final class DeadLetterErrorHandlerFactory {

    /** {@code lake_kafka_dead_letters_total{topic,reason}}: records sent to a dead-letter topic. */
    public static final String DEAD_LETTERS = "lake.kafka.dead_letters";

    private DeadLetterErrorHandlerFactory() {}

    /** The innermost cause's type: what failed, never a message (it may hold a tenant's data). */
    private static String reasonOf(Throwable exception) {
        Throwable cause = exception;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }

    /**
     * An outage ({@link Outages}: object store, Kafka or Mongo unavailable) is retried without limit,
     * backing off to {@code retry-max-interval}: the partition waits, and its lag shows in
     * {@code kafka.consumer.fetch.manager.records.lag.max}; each such retry counts in
     * {@code lake.kafka.listener.retries{topic,kind=outage}}. Anything else is retried within
     * {@code retry-max-elapsed}, then dead-lettered; what can never succeed is dead-lettered at once.
     */
    public static DefaultErrorHandler create(
            KafkaOperations<?, ?> template, LakeKafkaProperties properties, MeterRegistry meters) {
        var recoverer = new DeadLetterPublishingRecoverer(template, (record, exception) -> {
            // every dead letter is counted, by the topic it left and why (what ops alert on)
            meters.counter(DEAD_LETTERS, "topic", record.topic(), "reason", reasonOf(exception))
                    .increment();
            return new TopicPartition(Topics.deadLetterOf(record.topic()), -1);
        });
        ExponentialBackOff backOff =
                new ExponentialBackOff(properties.retryInitialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(properties.retryMaxInterval().toMillis());
        backOff.setMaxElapsedTime(properties.retryMaxElapsed().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        // the one place where what an error means becomes retry or dead-letter
        handler.addNotRetryableExceptions(PermanentException.class, EventCodec.MalformedEventException.class);
        ExponentialBackOff outage =
                new ExponentialBackOff(properties.retryInitialInterval().toMillis(), 2.0);
        outage.setMaxInterval(
                properties.retryMaxInterval().toMillis()); // and no maximum elapsed time: as long as it lasts
        handler.setBackOffFunction((record, failure) -> Outages.isOutage(failure) ? outage : null);
        handler.setRetryListeners((record, failure, attempt) -> meters.counter(
                        "lake.kafka.listener.retries",
                        "topic",
                        record.topic(),
                        "kind",
                        Outages.isOutage(failure) ? "outage" : "failure")
                .increment());
        return handler;
    }
}
