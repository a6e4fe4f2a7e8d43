package io.imagelake.ingest.bronze;

import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.ObjectKeys;
import io.imagelake.contracts.ObjectRef;
import io.imagelake.contracts.Source;
import io.imagelake.ingest.format.ImageFormat;
import io.imagelake.support.kafka.EventPublishException;
import io.imagelake.support.kafka.EventPublisher;
import io.imagelake.support.logging.ImageContext;
import io.imagelake.support.storage.StorageUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one way an image enters bronze, whatever its source: pending marker, original, event,
 * marker cleared. Returns only once Kafka acknowledged the event; on a failure nothing of the
 * image stays visible (the original is removed again), so the caller can answer 503 and a retry
 * starts clean.
 */
@Component
public class BronzeIngestor {

    private static final Logger log = LoggerFactory.getLogger(BronzeIngestor.class);

    private final BronzeWriter bronze;
    private final PendingEvents pending;
    private final EventPublisher events;
    private final MeterRegistry meters;

    public BronzeIngestor(BronzeWriter bronze, PendingEvents pending, EventPublisher events, MeterRegistry meters) {
        this.bronze = bronze;
        this.pending = pending;
        this.events = events;
        this.meters = meters;
    }

    /** Opens the original's bytes (possibly twice: once to hash, once to store). */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;

        /**
         * Where these bytes already are in the object store, whole (a direct upload's staged object): bronze then
         * takes a server-side copy instead of the bytes streamed through this process again.
         */
        default Optional<ObjectRef> storedAs() {
            return Optional.empty();
        }
    }

    /** Everything known about an image before it is stored. */
    public record Ingest(
            String customerId,
            String imageId,
            String eventId,
            Source source,
            Content content,
            long size,
            String sha256,
            ImageFormat format,
            String declaredContentType,
            ImageMetadata metadata,
            Instant receivedAt) {}

    public ImageIngested ingest(Ingest in) {
        try (ImageContext context = ImageContext.of(in.customerId(), in.imageId())) {
            ImageIngested event = ingestInContext(in);
            log.info(
                    "stored in bronze and announced: {} bytes of {} from {}",
                    in.size(),
                    in.format().id(),
                    in.source());
            return event;
        }
    }

    private ImageIngested ingestInContext(Ingest in) {
        ObjectRef ref =
                new ObjectRef(bronze.bucket(), ObjectKeys.bronze(in.customerId(), in.receivedAt(), in.imageId()));
        ImageMetadata m = in.metadata();
        ImageIngested event = new ImageIngested(
                ImageEvent.CURRENT_SCHEMA_VERSION,
                in.eventId(),
                in.imageId(),
                in.customerId(),
                in.source(),
                ref,
                in.size(),
                in.sha256(),
                in.format().id(),
                in.format().contentType(),
                in.declaredContentType(),
                m.caption(),
                m.tags(),
                m.capturedAt(),
                m.device(),
                m.attributes(),
                in.receivedAt(),
                Instant.now());

        pending.put(event);
        Map<String, String> userMetadata = new OriginalMetadata(
                        in.imageId(),
                        in.customerId(),
                        in.format().id(),
                        in.source(),
                        in.sha256(),
                        in.declaredContentType())
                .toUserMetadata();
        Optional<ObjectRef> stored = in.content().storedAs();
        try {
            if (stored.isPresent()) {
                bronze.copy(stored.get(), ref.key(), in.format().contentType(), userMetadata);
            } else {
                try (InputStream content = in.content().open()) {
                    bronze.write(ref.key(), content, in.size(), in.format().contentType(), userMetadata);
                }
            }
        } catch (IOException e) {
            pending.clear(in.imageId());
            throw new UncheckedIOException(e);
        } catch (StorageUnavailableException e) {
            pending.clear(in.imageId());
            throw e;
        }
        try {
            events.publish(event);
        } catch (EventPublishException e) {
            bronze.deleteQuietly(ref);
            pending.clear(in.imageId());
            throw e;
        }
        pending.clear(in.imageId());
        String source = in.source().name().toLowerCase(Locale.ROOT);
        meters.counter("lake.ingest.bytes", "source", source).increment(in.size());
        return event;
    }
}
