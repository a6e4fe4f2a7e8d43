package io.imagelake.ingest.upload;

import io.imagelake.contracts.ImageIds;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.Source;
import io.imagelake.ingest.bronze.BronzeIngestor;
import io.imagelake.ingest.bronze.ImageMetadata;
import io.imagelake.ingest.bronze.OriginalMetadata;
import io.imagelake.ingest.format.ImageFormat;
import io.imagelake.ingest.format.UnsupportedImageException;
import io.imagelake.support.errors.InvalidRequestException;
import io.imagelake.support.errors.LakeException;
import io.imagelake.support.errors.PermanentException;
import io.imagelake.support.storage.ContentDigest;
import io.imagelake.support.tenant.Tenant;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Service;

/**
 * An upload's path: sniff the format, hash, claim the idempotency key, then the shared bronze
 * path ({@link BronzeIngestor}); success is reported only after Kafka acknowledged the event.
 */
@Service
public class UploadService {

    private final BronzeIngestor ingestor;
    private final IdempotencyStore idempotency;
    private final MeterRegistry meters;
    private final Clock clock;

    public UploadService(BronzeIngestor ingestor, IdempotencyStore idempotency, MeterRegistry meters, Clock clock) {
        this.clock = clock;
        this.ingestor = ingestor;
        this.idempotency = idempotency;
        this.meters = meters;
    }

    /** An upload as received: its bytes (re-openable) and what the client said about it. */
    public record Upload(
            Tenant tenant,
            BronzeIngestor.Content content,
            long size,
            String declaredContentType,
            ImageMetadata metadata,
            String idempotencyKey,
            /* the SHA-256 (hex) the client declared for its bytes, checked before anything is kept; null: none */
            String expectedSha256) {

        public Upload(
                Tenant tenant,
                BronzeIngestor.Content content,
                long size,
                String declaredContentType,
                ImageMetadata metadata,
                String idempotencyKey) {
            this(tenant, content, size, declaredContentType, metadata, idempotencyKey, null);
        }

        public Upload {
            if (!OriginalMetadata.storable(declaredContentType)) {
                throw InvalidRequestException.of(
                        "file",
                        "the part's Content-Type must be printable ASCII of at most "
                                + OriginalMetadata.MAX_DECLARED_CONTENT_TYPE + " characters");
            }
        }
    }

    /** The answer, and whether it is the replay of an earlier request's answer. */
    public record Outcome(UploadReceipt receipt, boolean replayed) {}

    public Outcome accept(Upload upload) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            Outcome result = acceptTimed(upload);
            outcome = result.replayed() ? "replayed" : "accepted";
            return result;
        } catch (LakeException e) {
            outcome = e.typeSlug();
            if (e instanceof PermanentException) {
                meters.counter("lake.ingest.rejections", "source", "upload", "reason", e.typeSlug())
                        .increment();
            }
            throw e;
        } finally {
            meters.counter("lake.ingest.requests", "source", "upload", "outcome", outcome)
                    .increment();
            meters.timer("lake.ingest.latency", "source", "upload")
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private Outcome acceptTimed(Upload upload) {
        String customerId = upload.tenant().id();
        ImageFormat format = sniff(upload.content());
        String sha256 = hash(upload.content());
        if (upload.expectedSha256() != null && !upload.expectedSha256().equalsIgnoreCase(sha256)) {
            throw new ChecksumMismatchException(upload.expectedSha256(), sha256);
        }
        String key = upload.idempotencyKey();
        if (key != null && idempotency.claim(customerId, key, sha256) instanceof IdempotencyStore.Claim.Replay replay) {
            return new Outcome(replay.record().receipt(), true);
        }
        try {
            String imageId = key == null ? ImageIds.random() : ImageIds.forIdempotencyKey(customerId, key);
            ImageIngested event = ingestor.ingest(new BronzeIngestor.Ingest(
                    customerId,
                    imageId,
                    UUID.randomUUID().toString(),
                    Source.UPLOAD,
                    upload.content(),
                    upload.size(),
                    sha256,
                    format,
                    upload.declaredContentType(),
                    upload.metadata(),
                    clock.instant()));
            UploadReceipt receipt = new UploadReceipt(
                    imageId, customerId, "RECEIVED", sha256, event.bytes(), format.contentType(), event.receivedAt());
            if (key != null) {
                idempotency.complete(
                        customerId,
                        key,
                        new IdempotencyRecord(IdempotencyRecord.State.COMPLETE, sha256, event.receivedAt(), receipt));
            }
            return new Outcome(receipt, false);
        } catch (RuntimeException e) {
            if (key != null) {
                idempotency.release(customerId, key);
            }
            throw e;
        }
    }

    private ImageFormat sniff(BronzeIngestor.Content content) {
        try (InputStream in = content.open()) {
            return UnsupportedImageException.requireFormat(in.readNBytes(ImageFormat.SNIFF_BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(BronzeIngestor.Content content) {
        try (InputStream in = content.open()) {
            return ContentDigest.sha256(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
