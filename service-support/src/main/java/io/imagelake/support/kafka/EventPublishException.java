package io.imagelake.support.kafka;

import io.imagelake.support.errors.RetriableException;

/** Kafka did not acknowledge an event in time: the caller must not claim success. */
public class EventPublishException extends RetriableException {

    public EventPublishException(String topic, Throwable cause) {
        super(
                "event-bus-unavailable",
                "Event bus unavailable",
                "Kafka did not acknowledge the event on " + topic + "; retry later",
                cause);
    }
}
