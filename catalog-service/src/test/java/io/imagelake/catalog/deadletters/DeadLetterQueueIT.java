package io.imagelake.catalog.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.contracts.Topics;
import io.imagelake.devstack.Endpoints;
import io.imagelake.testing.InfraPart;
import io.imagelake.testing.LakeInfra;
import io.imagelake.testing.TopicReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** {@code ./lake dlq}: an operator sees what is dead-lettered and why, and replays it to its topic. */
class DeadLetterQueueIT {

    private final Endpoints endpoints = LakeInfra.start(InfraPart.KAFKA);
    private final DeadLetterQueue queue = new DeadLetterQueue(Map.of("bootstrap.servers", endpoints.kafkaBootstrap()));

    private void deadLetter(String topic, String key, String value, Map<String, byte[]> headers) throws Exception {
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of("bootstrap.servers", endpoints.kafkaBootstrap()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8));
            headers.forEach(record.headers()::add);
            producer.send(record).get();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anInternalEventsDeadLetterNamesItsTenantReasonAndOriginAndIsReplayedWithoutTheFailure() throws Exception {
        String key = "img-" + UUID.randomUUID();
        // a topic no consumer of this module reads: the replayed record must not reach the catalog's listeners
        String dlq = Topics.deadLetterOf(Topics.REEMIT);
        // as spring-kafka's DeadLetterPublishingRecoverer writes it: binary partition and offset
        deadLetter(
                dlq,
                key,
                "{\"schemaVersion\":1,\"imageId\":\"" + key + "\",\"customerId\":\"acme\"}",
                Map.of(
                        "kafka_dlt-exception-fqcn",
                                utf8("io.imagelake.support.kafka.EventReferences$ForeignReferenceException"),
                        "kafka_dlt-original-topic", utf8(Topics.REEMIT),
                        "kafka_dlt-original-partition",
                                ByteBuffer.allocate(4).putInt(2).array(),
                        "kafka_dlt-original-offset",
                                ByteBuffer.allocate(8).putLong(41).array(),
                        "traceparent", utf8("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")));

        DeadLetterQueue.Selection selected =
                queue.select(dlq, e -> key.equals(e.letter().key()), 10);
        assertThat(selected.matching()).isEqualTo(1);
        DeadLetterQueue.DeadLetter letter = selected.first().getFirst();

        assertThat(letter.tenant()).isEqualTo("acme");
        assertThat(letter.reason()).isEqualTo("EventReferences$ForeignReferenceException");
        assertThat(letter.origin()).isEqualTo(Topics.REEMIT + "/2/41");

        assertThat(queue.replay(dlq, e -> key.equals(e.letter().key()))).hasSize(1);
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.REEMIT)) {
            var replayed = reader.await(r -> key.equals(r.key()), 1, Duration.ofSeconds(20))
                    .getFirst();
            assertThat(new String(replayed.value(), StandardCharsets.UTF_8)).contains("\"customerId\":\"acme\"");
            assertThat(replayed.headers().lastHeader("kafka_dlt-exception-fqcn"))
                    .as("not the failure")
                    .isNull();
            assertThat(replayed.headers().lastHeader("traceparent"))
                    .as("its own headers")
                    .isNotNull();
            assertThat(new String(
                            replayed.headers().lastHeader("lake-replayed-from").value(), StandardCharsets.UTF_8))
                    .isEqualTo(dlq + "/" + letter.partition() + "/" + letter.offset());
        }
    }

    @Test
    void aTopicIsCountedFromItsOffsetsAndAListingKeepsOnlyTheFirstOfWhatMatches() throws Exception {
        String dlq = Topics.INCOMING_DLQ;
        String batch = "batch-" + UUID.randomUUID();
        long before = queue.count(dlq);

        for (int i = 0; i < 3; i++) {
            // one key: one partition, so offset order is the order they were written in
            deadLetter(dlq, batch, "bytes", Map.of("customer-id", utf8("globex")));
        }

        assertThat(queue.count(dlq)).isEqualTo(before + 3);
        List<DeadLetterQueue.DeadLetter> all =
                queue.select(dlq, e -> batch.equals(e.letter().key()), 10).first();
        assertThat(all)
                .extracting(DeadLetterQueue.DeadLetter::offset)
                .isSorted()
                .hasSize(3);
        DeadLetterQueue.Selection selected =
                queue.select(dlq, e -> batch.equals(e.letter().key()), 2);
        assertThat(selected.matching()).isEqualTo(3);
        assertThat(selected.first()).as("the first two").containsExactlyElementsOf(all.subList(0, 2));
    }

    @Test
    void aPartnersRecordIsChosenByItsReasonAndGoesBackToTheStream() throws Exception {
        String key = "rec-" + UUID.randomUUID();
        String other = "rec-" + UUID.randomUUID();
        String dlq = Topics.INCOMING_DLQ;
        deadLetter(
                dlq,
                key,
                "bytes",
                Map.of(
                        "customer-id",
                        utf8("globex"),
                        "lake-error-code",
                        utf8("TOO_LARGE"),
                        "lake-error",
                        utf8("TOO_LARGE: over 25MB"),
                        "lake-original-offset",
                        utf8(Topics.INCOMING + "/0/7")));
        deadLetter(
                dlq, other, "bytes", Map.of("customer-id", utf8("globex"), "lake-error-code", utf8("UNKNOWN_TENANT")));

        var replayed = queue.replay(
                dlq,
                e -> (key.equals(e.letter().key()) || other.equals(e.letter().key()))
                        && e.letter().reason().equals("TOO_LARGE"));

        assertThat(replayed).extracting(DeadLetterQueue.DeadLetter::key).containsExactly(key);
        assertThat(replayed.getFirst().tenant()).isEqualTo("globex");
        assertThat(replayed.getFirst().origin()).isEqualTo(Topics.INCOMING + "/0/7");
        try (TopicReader reader = new TopicReader(endpoints.kafkaBootstrap(), Topics.INCOMING)) {
            var back = reader.await(r -> key.equals(r.key()), 1, Duration.ofSeconds(20))
                    .getFirst();
            assertThat(back.headers().lastHeader("customer-id")).isNotNull();
            assertThat(back.headers().lastHeader("lake-error-code")).isNull();
        }
    }
}
