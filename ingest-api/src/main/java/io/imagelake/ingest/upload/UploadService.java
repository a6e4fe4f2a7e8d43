package io.imagelake.ingest.upload;

import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.ImageIds;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.ObjectKeys;
import io.imagelake.contracts.Source;
import io.imagelake.ingest.bronze.BronzeWriter;
import io.imagelake.ingest.format.ImageFormat;
import io.imagelake.ingest.format.UnsupportedImageException;
import io.imagelake.support.kafka.EventPublishException;
import io.imagelake.support.kafka.EventPublisher;
import io.imagelake.support.tenant.Tenant;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Service;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An upload's path: sniff the format, stream to bronze, publish {@code ImageIngested}, and only
 * then report success. A failed publish removes the bronze object again, so nothing that was not
 * acknowledged becomes visible.
 */
@Service
public class UploadService {

    private final BronzeWriter bronze;
    private final EventPublisher events;
    private final MeterRegistry meters;
    private final Clock clock;

    public UploadService(BronzeWriter bronze, EventPublisher events, MeterRegistry meters) {
        this.bronze = bronze;
        this.events = events;
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    /** The upload as received: a stream of the file's bytes and what the client said about it. */
    public record Upload(Tenant tenant, InputStream content, long size, String declaredContentType,
                         ImageMetadata metadata, String idempotencyKey) {
    }

    public UploadReceipt accept(Upload upload) {
        String customerId = upload.tenant().id();
        String outcome = "error";
        long start = System.nanoTime();
        try (InputStream in = new BufferedInputStream(upload.content(), 64 * 1024)) {
            ImageFormat format = sniff(in);
            Instant receivedAt = clock.instant();
            String imageId = upload.idempotencyKey() == null ? ImageIds.random()
                    : ImageIds.forIdempotencyKey(customerId, upload.idempotencyKey());
            String key = ObjectKeys.bronze(customerId, receivedAt, imageId);

            BronzeWriter.Stored stored = bronze.write(key, in, upload.size(), format.contentType(),
                    userMetadata(upload, imageId, format));
            ImageMetadata m = upload.metadata();
            ImageEvent event = new ImageIngested(ImageEvent.CURRENT_SCHEMA_VERSION, UUID.randomUUID().toString(),
                    imageId, customerId, Source.UPLOAD, stored.ref(), stored.bytes(), stored.sha256(), format.id(),
                    format.contentType(), upload.declaredContentType(), m.caption(), m.tags(), m.capturedAt(),
                    m.device(), m.attributes(), receivedAt, clock.instant());
            try {
                events.publish(event);
            } catch (EventPublishException e) {
                bronze.deleteQuietly(stored.ref());
                outcome = "event_unavailable";
                throw e;
            }
            meters.counter("lake.ingest.bytes", "source", "upload").increment(stored.bytes());
            outcome = "accepted";
            return new UploadReceipt(imageId, customerId, "RECEIVED", stored.sha256(), stored.bytes(),
                    format.contentType(), receivedAt);
        } catch (UnsupportedImageException e) {
            outcome = "unsupported";
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            meters.counter("lake.ingest.requests", "source", "upload", "outcome", outcome).increment();
            meters.timer("lake.ingest.latency", "source", "upload").record(System.nanoTime() - start,
                    java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private static ImageFormat sniff(InputStream in) throws IOException {
        in.mark(ImageFormat.SNIFF_BYTES);
        byte[] head = in.readNBytes(ImageFormat.SNIFF_BYTES);
        in.reset();
        if (head.length == 0) {
            throw new UnsupportedImageException("the file is empty");
        }
        return ImageFormat.detect(head, head.length).orElseThrow(() -> new UnsupportedImageException(
                "not an image of a supported format (JPEG, PNG, GIF, WebP, BMP, TIFF, HEIC, AVIF)"));
    }

    private static Map<String, String> userMetadata(Upload upload, String imageId, ImageFormat format) {
        Map<String, String> metadata = new HashMap<>();
        metadata.put("image-id", imageId);
        metadata.put("customer-id", upload.tenant().id());
        metadata.put("format", format.id());
        metadata.put("source", Source.UPLOAD.name());
        if (upload.declaredContentType() != null) {
            metadata.put("declared-content-type", upload.declaredContentType());
        }
        return metadata;
    }
}
