package io.imagelake.catalog.events;

import io.imagelake.support.errors.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a stream stands in every partition of the event topics: an event's SSE id, so a client
 * that reconnects with {@code Last-Event-ID} resumes right after it, whichever replica it reaches.
 * Opaque to clients (base64url of {@code topic:partition:offset,…}).
 */
record StreamPosition(Map<TopicPartition, Long> offsets) {

    String encode() {
        String text = offsets.entrySet().stream()
                .map(e -> e.getKey().topic() + ":" + e.getKey().partition() + ":" + e.getValue())
                .collect(Collectors.joining(","));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static StreamPosition decode(String id) {
        try {
            Map<TopicPartition, Long> offsets =
                    new TreeMap<>((a, b) -> a.topic().equals(b.topic())
                            ? Integer.compare(a.partition(), b.partition())
                            : a.topic().compareTo(b.topic()));
            String text = new String(Base64.getUrlDecoder().decode(id), StandardCharsets.UTF_8);
            for (String part : text.split(",")) {
                String[] fields = part.split(":");
                if (fields.length != 3) {
                    throw new IllegalArgumentException(part);
                }
                long offset = Long.parseLong(fields[2]);
                if (offset < 0) {
                    throw new IllegalArgumentException(part);
                }
                offsets.put(new TopicPartition(fields[0], Integer.parseInt(fields[1])), offset);
            }
            return new StreamPosition(offsets);
        } catch (RuntimeException e) {
            throw InvalidRequestException.of("Last-Event-ID", "not an id this stream gave");
        }
    }
}
