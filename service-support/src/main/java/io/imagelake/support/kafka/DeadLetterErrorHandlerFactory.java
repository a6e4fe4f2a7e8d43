package io.imagelake.support.kafka;

import io.imagelake.contracts.EventCodec;
import io.imagelake.contracts.Topics;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * spring-kafka's error handler as every consumer of the lake uses it: transient failures are retried
 * with exponential backoff (bounded), then the record goes to {@code <topic>.dlq} with the
 * exception in its headers. Malformed events and events naming another tenant's objects skip the
 * retries: they will never parse, or never be right.
 */
public final class DeadLetterErrorHandlerFactory {

    private DeadLetterErrorHandlerFactory() {
    }

    public static DefaultErrorHandler create(KafkaOperations<?, ?> template, LakeKafkaProperties properties) {
        var recoverer = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> new TopicPartition(Topics.deadLetterOf(record.topic()), -1));
        ExponentialBackOff backOff = new ExponentialBackOff(properties.retryInitialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(properties.retryMaxInterval().toMillis());
        backOff.setMaxElapsedTime(properties.retryMaxElapsed().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(EventCodec.MalformedEventException.class, EventReferences.ForeignReferenceException.class);
        return handler;
    }
}
