package io.imagelake.catalog.deadletters;

import io.imagelake.contracts.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The dead-letter topics, for an operator ({@link DeadLetterController}): what is in them (key,
 * tenant, reason, when it failed, where it came from) and replay to the source topic. Replay is
 * idempotent downstream: every lake event has an id the consumers apply once, and a partner
 * record's image id comes from its source record id, so replaying a record twice changes nothing
 * the first replay did not. Plain Kafka clients, made per call: an operator's call is rare, and
 * reading a topic from its start by assignment needs no consumer group (nothing is committed).
 */
public class DeadLetterQueue {

    /** Headers a dead letter gains (spring-kafka's {@code kafka_dlt-*}, the stream's {@code lake-*}): not replayed. */
    private static final List<String> FAILURE_HEADERS = List.of("kafka_dlt-", "lake-error", "lake-original-offset");

    private static final Pattern CUSTOMER_ID = Pattern.compile("\"customerId\"\\s*:\\s*\"([^\"]*)\"");

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, Object> client;

    /** {@code client}: bootstrap servers and security of a principal that may read and write the topics. */
    public DeadLetterQueue(Map<String, Object> client) {
        this.client = Map.copyOf(client);
    }

    /** One dead letter: what an operator sees of it ({@code letter}) and the record, which a replay sends again. */
    public record Entry(DeadLetter letter, ConsumerRecord<String, byte[]> record) {}

    /**
     * One dead letter as the admin API shows it. {@code reason}: the stream's rejection code or the failure's type;
     * {@code origin}: the source topic/partition/offset it failed at.
     */
    public record DeadLetter(
            String topic,
            int partition,
            long offset,
            String key,
            String tenant,
            String reason,
            Instant failedAt,
            String origin) {}

    /** The dead-letter topics of the lake's topics. */
    public static List<String> topics() {
        return Topics.CONSUMED.stream().map(Topics::deadLetterOf).toList();
    }

    /**
     * How many records a dead-letter topic holds: from each partition's offsets, without reading a record (a partner
     * stream's dead letter carries its image, up to 25 MB). Exact, as nothing writes these topics in transactions.
     */
    public long count(String deadLetterTopic) {
        try (var consumer = consumer()) {
            List<TopicPartition> partitions = partitionsOf(consumer, deadLetterTopic);
            Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            return partitions.stream().mapToLong(p -> end.get(p) - start.get(p)).sum();
        }
    }

    /** How many records {@code which} selects, and the first {@code limit} of them in partition and offset order. */
    public record Selection(long matching, List<DeadLetter> first) {}

    public Selection select(String deadLetterTopic, Predicate<Entry> which, int limit) {
        List<DeadLetter> first = new ArrayList<>();
        long[] matching = {0};
        forEach(deadLetterTopic, entry -> {
            if (which.test(entry)) {
                if (matching[0]++ < limit) {
                    first.add(entry.letter());
                }
            }
        });
        return new Selection(matching[0], first);
    }

    /**
     * Hands every record of a dead-letter topic to {@code action}, a partition at a time in offset order, up to the
     * end each partition had when the call began. One record is held at a time (a poll's worth), never the topic.
     */
    void forEach(String deadLetterTopic, Consumer<Entry> action) {
        try (var consumer = consumer()) {
            for (TopicPartition partition : partitionsOf(consumer, deadLetterTopic)) {
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
                while (consumer.position(partition, TIMEOUT) < end) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        if (record.offset() < end) {
                            action.accept(entry(record));
                        }
                    }
                }
            }
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> properties = new HashMap<>(client);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic, TIMEOUT).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition))
                .toList();
    }

    /**
     * Re-publishes the dead letters of {@code deadLetterTopic} that {@code which} selects to their
     * source topic, with their own headers (not the failure's) and {@code lake-replayed-from};
     * returns what was replayed. Each record is sent as it is read.
     */
    public List<DeadLetter> replay(String deadLetterTopic, Predicate<Entry> which) {
        String source = sourceOf(deadLetterTopic);
        List<DeadLetter> replayed = new ArrayList<>();
        Map<String, Object> properties = new HashMap<>(client);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 40 * 1024 * 1024);
        properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 80L * 1024 * 1024);
        try (var producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer())) {
            forEach(deadLetterTopic, entry -> {
                if (which.test(entry)) {
                    send(producer, source, entry);
                    replayed.add(entry.letter());
                }
            });
        }
        return replayed;
    }

    private static void send(KafkaProducer<String, byte[]> producer, String source, Entry entry) {
        ProducerRecord<String, byte[]> again = new ProducerRecord<>(
                source, null, entry.record().key(), entry.record().value());
        for (Header header : entry.record().headers()) {
            if (FAILURE_HEADERS.stream().noneMatch(header.key()::startsWith)) {
                again.headers().add(header);
            }
        }
        DeadLetter letter = entry.letter();
        again.headers()
                .add(
                        "lake-replayed-from",
                        (letter.topic() + "/" + letter.partition() + "/" + letter.offset())
                                .getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(again).get();
        } catch (Exception e) {
            throw new IllegalStateException("replay of " + letter.topic() + " to " + source + " failed", e);
        }
    }

    /** {@code lake.images.ingested.dlq} → {@code lake.images.ingested}. */
    public static String sourceOf(String deadLetterTopic) {
        if (!deadLetterTopic.endsWith(".dlq")) {
            throw new IllegalArgumentException(deadLetterTopic + " is not a dead-letter topic (<topic>.dlq)");
        }
        return deadLetterTopic.substring(0, deadLetterTopic.length() - ".dlq".length());
    }

    private static Entry entry(ConsumerRecord<String, byte[]> record) {
        String reason = header(record, "lake-error-code")
                .or(() -> header(record, "kafka_dlt-exception-cause-fqcn"))
                .or(() -> header(record, "kafka_dlt-exception-fqcn"))
                .map(name -> name.substring(name.lastIndexOf('.') + 1))
                .orElse("unknown");
        String origin = header(record, "lake-original-offset")
                .orElseGet(() -> header(record, "kafka_dlt-original-topic")
                        .map(topic -> topic + "/" + number(record, "kafka_dlt-original-partition") + "/"
                                + number(record, "kafka_dlt-original-offset"))
                        .orElse(""));
        return new Entry(
                new DeadLetter(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.key(),
                        tenantOf(record),
                        reason,
                        Instant.ofEpochMilli(record.timestamp()),
                        origin),
                record);
    }

    /** A partner record names its tenant in a header; a lake event in its JSON. */
    private static String tenantOf(ConsumerRecord<String, byte[]> record) {
        Optional<String> header = header(record, "customer-id");
        if (header.isPresent()) {
            return header.get();
        }
        if (record.value() != null && record.value().length > 0 && record.value()[0] == '{') {
            Matcher matcher = CUSTOMER_ID.matcher(
                    new String(record.value(), 0, Math.min(record.value().length, 4096), StandardCharsets.UTF_8));
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        return "";
    }

    private static Optional<String> header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    /** spring-kafka writes the original partition (int) and offset (long) as big-endian bytes. */
    private static String number(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null) {
            return "?";
        }
        ByteBuffer bytes = ByteBuffer.wrap(header.value());
        return switch (header.value().length) {
            case 4 -> Integer.toString(bytes.getInt());
            case 8 -> Long.toString(bytes.getLong());
            default -> new String(header.value(), StandardCharsets.UTF_8);
        };
    }
}
