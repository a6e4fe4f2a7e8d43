package io.imagelake.ingest.stream;

import io.imagelake.contracts.ImageIds;
import io.imagelake.contracts.Source;
import io.imagelake.ingest.bronze.BronzeIngestor;
import io.imagelake.support.storage.ContentDigest;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The partner stream: each record becomes an image ({@code source: STREAM}). The image id comes from
 * (tenant, source-record-id) and the bronze key from the record's timestamp, so a redelivered
 * record rewrites the same object and re-emits the same event. Bad records go to the dead-letter
 * topic; outages are retried (see {@link IncomingStreamConfiguration}). The offset is committed
 * after the record is in bronze and announced, or dead-lettered.
 */
@Component
@ConditionalOnProperty(name = "lake.ingest.stream.enabled", havingValue = "true", matchIfMissing = true)
public class IncomingImageListener {

    private final StreamRecordParser parser;
    private final BronzeIngestor ingestor;
    private final DeadLetters deadLetters;
    private final MeterRegistry meters;
    private final StreamProperties properties;

    public IncomingImageListener(
            StreamRecordParser parser,
            BronzeIngestor ingestor,
            DeadLetters deadLetters,
            MeterRegistry meters,
            StreamProperties properties) {
        this.properties = properties;
        this.parser = parser;
        this.ingestor = ingestor;
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    /** The partner's topic, group and concurrency, from {@link StreamProperties} (where their defaults are). */
    public StreamProperties properties() {
        return properties;
    }

    @KafkaListener(
            id = "incoming-images",
            topics = "#{__listener.properties().topic()}",
            groupId = "#{__listener.properties().groupId()}",
            containerFactory = IncomingStreamConfiguration.CONTAINER_FACTORY,
            concurrency = "#{__listener.properties().concurrency()}")
    public void onRecord(ConsumerRecord<String, byte[]> record) throws Exception {
        long start = System.nanoTime();
        StreamRecordParser.StreamImage image;
        try {
            image = parser.parse(record);
        } catch (InvalidStreamRecordException e) {
            deadLetters.send(record, e.code(), e.getMessage());
            meters.counter("lake.ingest.rejections", "source", "stream", "reason", e.code())
                    .increment();
            meters.counter("lake.ingest.requests", "source", "stream", "outcome", "dead_lettered")
                    .increment();
            return;
        }
        String imageId = ImageIds.forStreamRecord(image.customerId(), image.sourceRecordId());
        String sha256 = ContentDigest.sha256(image.bytes());
        // same record, same bytes -> same event id: the catalog applies a redelivery once
        String eventId = UUID.nameUUIDFromBytes((imageId + "/" + sha256).getBytes(StandardCharsets.UTF_8))
                .toString();
        ingestor.ingest(new BronzeIngestor.Ingest(
                image.customerId(),
                imageId,
                eventId,
                Source.STREAM,
                () -> new ByteArrayInputStream(image.bytes()),
                image.bytes().length,
                sha256,
                image.format(),
                image.declaredContentType(),
                image.metadata(),
                Instant.ofEpochMilli(record.timestamp())));
        meters.counter("lake.ingest.requests", "source", "stream", "outcome", "accepted")
                .increment();
        meters.timer("lake.ingest.latency", "source", "stream").record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
}
