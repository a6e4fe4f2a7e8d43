package io.imagelake.bench;

import io.imagelake.contracts.EventCodec;
import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.Topics;
import io.imagelake.devstack.Stack;
import io.imagelake.devstack.process.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * When each image reached its terminal state: the normalizer's silver event or its quarantine event, read from their
 * topics as they are published (from the end of each topic at {@link #open}, no consumer group: the bench reads beside
 * the platform, never taking records from it). The time is the event's {@code occurredAt}, stamped by the normalizer
 * on this machine's clock, so a slow poll here adds nothing to a latency.
 */
final class TerminalEvents implements AutoCloseable {

    private static final List<String> TOPICS = List.of(Topics.NORMALIZED, Topics.REJECTED);

    private final Map<String, Instant> reachedAt = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread poller;

    private TerminalEvents(KafkaConsumer<String, byte[]> consumer) {
        this.poller = Thread.ofPlatform().name("terminal-events").daemon().start(() -> poll(consumer));
    }

    static TerminalEvents open(Stack stack) {
        Map<String, Object> properties = BenchStacks.adminKafkaClient(stack);
        properties.put("enable.auto.commit", "false");
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = TOPICS.stream()
                .flatMap(topic ->
                        consumer.partitionsFor(topic).stream().map(info -> new TopicPartition(topic, info.partition())))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // the positions are resolved now, before any upload of the run: no terminal event can fall before them
        partitions.forEach(consumer::position);
        return new TerminalEvents(consumer);
    }

    private void poll(KafkaConsumer<String, byte[]> consumer) {
        try (consumer) {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    ImageEvent event = EventCodec.decode(record.topic(), record.value());
                    // a redelivered or re-emitted event keeps the first time the image got there
                    reachedAt.putIfAbsent(event.imageId(), event.occurredAt());
                }
            }
        }
    }

    /** When the image reached silver or quarantine, or null while it has not. */
    Instant reachedAt(String imageId) {
        return reachedAt.get(imageId);
    }

    /** How many of these images have reached a terminal state. */
    long reached(Collection<String> imageIds) {
        return imageIds.stream().filter(reachedAt::containsKey).count();
    }

    /**
     * Until every one of these images has a terminal event, or none has got one for {@code patience}; returns how many
     * never did (lost, for an acknowledged upload).
     */
    long awaitAll(Collection<String> imageIds, Duration patience) {
        long done = -1;
        long progressAt = System.nanoTime();
        while (true) {
            long now = reached(imageIds);
            if (now == imageIds.size()) {
                return 0;
            }
            if (now != done) {
                done = now;
                progressAt = System.nanoTime();
            } else if (System.nanoTime() - progressAt > patience.toNanos()) {
                return imageIds.size() - now;
            }
            Await.sleep(100);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        poller.join();
    }
}
