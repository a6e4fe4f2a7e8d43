package io.imagelake.catalog.events;

import io.imagelake.catalog.webhooks.WebhookEvent;
import io.imagelake.contracts.EventCodec;
import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.Topics;
import io.imagelake.support.tenant.Tenant;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/events}: the tenant's image events as server-sent events, the same payloads
 * as webhook deliveries ({@code image.normalized}, {@code image.promoted}, {@code image.rejected},
 * {@code image.duplicate}).
 *
 * <p>Each stream reads the event topics itself, by assignment and without a consumer group, so it
 * sees every partition whichever replica serves it, and its position in all of them is each
 * event's id: a client reconnecting with {@code Last-Event-ID} resumes right after the last event it
 * got (within the topics' retention, 7 days). A new stream starts at the end, and says so first with
 * a {@code ready} event whose id is that position. Kafka is read, not the catalog, so an event
 * arrives as soon as it is published; a webhook, by contrast, waits for the catalog's projection.
 */
@RestController
@Tag(name = "events")
public class ImageEventStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ImageEventStream.class);
    private static final List<String> TOPICS = List.of(Topics.NORMALIZED, Topics.REJECTED, Topics.PROMOTED);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);

    private final Map<String, Object> consumer;
    private final EventStreamProperties properties;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final Semaphore streams;
    private volatile boolean stopping = true;

    public ImageEventStream(
            KafkaProperties kafka, EventStreamProperties properties, JsonMapper json, MeterRegistry meters) {
        this.consumer = new HashMap<>(kafka.buildConsumerProperties());
        this.consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.properties = properties;
        this.json = json;
        this.meters = meters;
        this.streams = new Semaphore(properties.maxStreams());
        meters.gauge("lake.catalog.event_streams", streams, s -> properties.maxStreams() - s.availablePermits());
    }

    /**
     * Ends every stream at shutdown, before the web server's graceful shutdown, which would otherwise
     * wait its whole timeout for streams that never end by themselves; each client reconnects (to
     * another replica) with its Last-Event-ID and misses nothing.
     */
    @Override
    public void stop() {
        stopping = true;
        try {
            // every permit back means every stream has ended (each pump returns its permit as it ends)
            if (streams.tryAcquire(properties.maxStreams(), SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                streams.release(properties.maxStreams());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        stopping = false;
    }

    @Override
    public boolean isRunning() {
        return !stopping;
    }

    /** Stopped first of all: before the web server's graceful shutdown begins. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    @Operation(
            operationId = "streamImageEvents",
            summary = "The tenant's image events as server-sent events; reconnect with Last-Event-ID to resume")
    @ApiResponse(
            responseCode = "200",
            description = "a stream: a ready event, then image.normalized, image.promoted, image.rejected, "
                    + "image.duplicate, each with its id",
            content = @Content(mediaType = "text/event-stream", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "a Last-Event-ID this stream did not give")
    @ApiResponse(responseCode = "503", description = "this replica serves as many streams as it may; retry")
    @GetMapping(path = "/api/v1/events", produces = "text/event-stream")
    public SseEmitter stream(
            Tenant tenant, @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        StreamPosition resume =
                lastEventId == null || lastEventId.isBlank() ? null : StreamPosition.decode(lastEventId);
        if (!streams.tryAcquire()) {
            throw new StreamsBusyException("this replica serves " + properties.maxStreams() + " event streams already");
        }
        SseEmitter emitter = new SseEmitter(properties.maxDuration().toMillis());
        AtomicBoolean open = new AtomicBoolean(true);
        emitter.onCompletion(() -> open.set(false));
        emitter.onTimeout(() -> open.set(false));
        emitter.onError(e -> open.set(false));
        Thread.ofVirtual().name("event-stream-" + tenant.id()).start(() -> {
            try {
                pump(tenant.id(), resume, emitter, open);
                emitter.complete();
            } catch (IOException | IllegalStateException closed) {
                // the client went away
                emitter.completeWithError(closed);
            } catch (RuntimeException e) {
                log.warn("event stream of {} ended: {}", tenant.id(), e.toString());
                emitter.completeWithError(e);
            } finally {
                streams.release();
            }
        });
        return emitter;
    }

    private void pump(String tenant, StreamPosition resume, SseEmitter emitter, AtomicBoolean open) throws IOException {
        try (var kafka = new KafkaConsumer<>(consumer, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = TOPICS.stream()
                    .flatMap(topic -> kafka.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                            .map(p -> new TopicPartition(topic, p.partition())))
                    .toList();
            kafka.assign(partitions);
            kafka.seekToEnd(partitions);
            if (resume != null) {
                resume.offsets().forEach((partition, offset) -> {
                    if (partitions.contains(partition)) {
                        kafka.seek(partition, offset);
                    }
                });
            }
            Map<TopicPartition, Long> position = new LinkedHashMap<>();
            partitions.forEach(p -> position.put(p, kafka.position(p, Duration.ofSeconds(10))));
            emitter.send(SseEmitter.event()
                    .name("ready")
                    .id(new StreamPosition(position).encode())
                    .data("{}"));
            long lastSent = System.nanoTime();
            while (open.get() && !stopping) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
                    position.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                    ImageEvent event;
                    try {
                        event = EventCodec.decode(record.topic(), record.value());
                    } catch (RuntimeException malformed) {
                        continue; // the projection dead-letters it; a stream just passes over it
                    }
                    if (!tenant.equals(event.customerId())) {
                        continue;
                    }
                    var kind = WebhookEvent.of(event);
                    if (kind.isPresent()) {
                        Map<String, Object> body = WebhookEvent.body(null, kind.get(), event);
                        emitter.send(SseEmitter.event()
                                .name("image." + kind.get().getKey().id())
                                .id(new StreamPosition(position).encode())
                                .data(json.writeValueAsString(body)));
                        meters.counter("lake.catalog.event_stream.events").increment();
                        lastSent = System.nanoTime();
                    }
                }
                if (System.nanoTime() - lastSent > properties.heartbeat().toNanos()) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                    lastSent = System.nanoTime();
                }
            }
        }
    }
}
