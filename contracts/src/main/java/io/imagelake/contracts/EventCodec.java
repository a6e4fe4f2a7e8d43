package io.imagelake.contracts;

import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON form of image events (and the other records of lake topics) on Kafka. Readers ignore unknown fields so
 * producers can add
 * fields without breaking older consumers.
 */
public final class EventCodec {

    private static final Map<String, Class<? extends ImageEvent>> TYPE_BY_TOPIC = Map.of(
            Topics.INGESTED, ImageIngested.class,
            Topics.NORMALIZED, ImageNormalized.class,
            Topics.REJECTED, ImageRejected.class,
            Topics.PROMOTED, ImagePromoted.class);

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private EventCodec() {}

    /** Image events and the other records of the lake's topics ({@link ReemitRequested}). */
    public static byte[] encode(Object message) {
        return MAPPER.writeValueAsBytes(message);
    }

    public static <T> T decode(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JacksonException e) {
            throw new MalformedEventException(type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Decodes a record by the topic it was read from. */
    public static ImageEvent decode(String topic, byte[] json) {
        Class<? extends ImageEvent> type = TYPE_BY_TOPIC.get(topic);
        if (type == null) {
            throw new MalformedEventException("no image event type is published on topic " + topic, null);
        }
        return decode(json, type);
    }

    /** An event that cannot be read: a poison message, never worth a retry. */
    public static final class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
