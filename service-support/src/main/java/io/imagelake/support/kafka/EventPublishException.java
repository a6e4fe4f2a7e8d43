package io.imagelake.support.kafka;

import io.imagelake.support.web.LakeException;
import org.springframework.http.HttpStatus;

/** Kafka did not acknowledge an event in time: the caller must not claim success. */
public class EventPublishException extends LakeException {

    public EventPublishException(String topic, Throwable cause) {
        super("event-bus-unavailable", "Event bus unavailable", HttpStatus.SERVICE_UNAVAILABLE,
                "Kafka did not acknowledge the event on " + topic + "; retry later", cause);
    }
}
