package io.imagelake.ingest.tus;

import io.imagelake.ingest.bronze.MetadataParser;
import io.imagelake.ingest.bronze.OriginalMetadata;
import io.imagelake.ingest.format.ImageFormat;
import io.imagelake.ingest.format.UnsupportedImageException;
import io.imagelake.ingest.upload.UploadProperties;
import io.imagelake.ingest.upload.UploadService;
import io.imagelake.support.errors.InvalidRequestException;
import io.imagelake.support.errors.LakeException;
import io.imagelake.support.errors.NotFoundException;
import io.imagelake.support.tenant.Tenant;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Resumable uploads (tus 1.0): create, append a chunk at the offset, finish. A finished upload takes the REST
 * upload's own path ({@link UploadService}): the same limits, sniffing, metadata, idempotency, bronze write and
 * event. The last chunk is kept only in this request until its image is acknowledged, so an upload is never
 * "complete" without an image: a failed finish leaves the offset where it was and the client sends the chunk again.
 * Counted in {@code lake.ingest.tus.uploads{event}} and {@code lake.ingest.tus.chunks{outcome}}.
 */
@Service
public class TusService {

    private static final Logger log = LoggerFactory.getLogger(TusService.class);
    private static final int BUFFER = 64 * 1024;
    /** What {@link #readQuietly} returns for a body whose connection broke. */
    private static final int INTERRUPTED = -2;

    private final TusStore store;
    private final UploadService uploads;
    private final UploadProperties limits;
    private final TusProperties properties;
    private final MetadataParser metadataParser;
    private final MeterRegistry meters;
    private final Clock clock;

    public TusService(
            TusStore store,
            UploadService uploads,
            UploadProperties limits,
            TusProperties properties,
            MetadataParser metadataParser,
            MeterRegistry meters,
            Clock clock) {
        this.store = store;
        this.uploads = uploads;
        this.limits = limits;
        this.properties = properties;
        this.metadataParser = metadataParser;
        this.meters = meters;
        this.clock = clock;
    }

    /** An upload and how many of its bytes the lake holds. */
    public record Progress(TusUpload upload, long offset) {}

    /** A chunk as it arrived: the bytes in a spool file, and whether the request delivered all it announced. */
    private record Received(Path spool, long size, boolean interrupted, MessageDigest digest) {}

    public TusUpload create(Tenant tenant, long length, Map<String, String> metadata, String idempotencyKey) {
        if (length < 0) {
            throw InvalidRequestException.of(TusHeaders.LENGTH, "a non-negative number of bytes");
        }
        if (length > limits.maxBytes().toBytes()) {
            throw new TusErrors.TooLarge(
                    "Upload-Length " + length + " is over the upload limit of " + limits.maxBytes());
        }
        limits.checkIdempotencyKey(idempotencyKey);
        if (!OriginalMetadata.storable(metadata.get("filetype"))) {
            throw InvalidRequestException.of(
                    TusHeaders.METADATA,
                    "filetype must be printable ASCII of at most " + OriginalMetadata.MAX_DECLARED_CONTENT_TYPE
                            + " characters");
        }
        String metadataJson = metadata.get("metadata");
        // refused now, before the app sends a byte, rather than at the end
        metadataParser.parse(metadataJson == null ? null : metadataJson.getBytes(StandardCharsets.UTF_8));
        Instant now = clock.instant();
        TusUpload upload = new TusUpload(
                UUID.randomUUID().toString(),
                tenant.id(),
                length,
                metadata.get("filename"),
                metadata.get("filetype"),
                metadataJson,
                idempotencyKey,
                now,
                now.plus(properties.expiry()),
                null);
        store.create(upload);
        meters.counter("lake.ingest.tus.uploads", "event", "created").increment();
        return upload;
    }

    public Progress progress(Tenant tenant, String id) {
        TusUpload upload = live(tenant, id);
        return new Progress(upload, upload.finished() ? upload.length() : TusStore.offset(store.chain(upload)));
    }

    /**
     * Appends the request body at {@code offset}. A body cut short (the app lost its network) keeps what arrived,
     * unless a checksum was declared for the whole chunk; the client's HEAD then tells it where to resume.
     */
    public Progress append(
            Tenant tenant, String id, long offset, TusHeaders.Checksum checksum, InputStream body, long contentLength) {
        TusUpload upload = live(tenant, id);
        if (upload.finished()) {
            if (offset != upload.length()) {
                throw new TusErrors.OffsetMismatch(offset, upload.length());
            }
            return new Progress(upload, upload.length()); // the final PATCH again, after a lost answer
        }
        List<TusStore.Chunk> chain = store.chain(upload);
        long current = TusStore.offset(chain);
        if (offset != current) {
            throw new TusErrors.OffsetMismatch(offset, current);
        }
        long room = upload.length() - offset;
        if (contentLength > room) {
            throw new TusErrors.TooLarge(
                    "the chunk's " + contentLength + " bytes are more than the " + room + " left of Upload-Length");
        }
        Received chunk = receive(body, contentLength, room, checksum);
        try {
            return appendReceived(tenant, upload, chain, offset, chunk, checksum);
        } finally {
            deleteQuietly(chunk.spool());
        }
    }

    private Progress appendReceived(
            Tenant tenant,
            TusUpload upload,
            List<TusStore.Chunk> chain,
            long offset,
            Received chunk,
            TusHeaders.Checksum checksum) {
        long end = offset + chunk.size();
        if (chunk.interrupted() && end < upload.length()) {
            if (checksum == null && chunk.size() > 0 && store.writeChunk(upload, offset, chunk.spool(), chunk.size())) {
                count("interrupted-kept");
            } else {
                count("interrupted-discarded");
            }
            throw InvalidRequestException.of(
                    "body",
                    "the body ended after " + chunk.size() + " bytes, before its"
                            + " Content-Length; what arrived is kept unless it had a checksum: HEAD and resume");
        }
        if (checksum != null) {
            checksum.verify(chunk.digest());
        }
        if (offset == 0) {
            refuseEarlyIfNotAnImage(upload, chunk);
        }
        if (end < upload.length()) {
            if (!store.writeChunk(upload, offset, chunk.spool(), chunk.size())) {
                // another request stored bytes at this offset meanwhile: the client asks where the upload ends now
                throw new TusErrors.OffsetMismatch(offset, TusStore.offset(store.chain(upload)));
            }
            count("stored");
            return new Progress(upload, end);
        }
        return finish(tenant, upload, chain, chunk);
    }

    /** The first bytes already say whether this can ever be an image: no need to let the app send the rest. */
    private void refuseEarlyIfNotAnImage(TusUpload upload, Received chunk) {
        if (chunk.size() < ImageFormat.SNIFF_BYTES && chunk.size() < upload.length()) {
            return;
        }
        try (InputStream in = Files.newInputStream(chunk.spool())) {
            UnsupportedImageException.requireFormat(in.readNBytes(ImageFormat.SNIFF_BYTES));
        } catch (UnsupportedImageException e) {
            store.delete(upload);
            count("refused");
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Progress finish(Tenant tenant, TusUpload upload, List<TusStore.Chunk> chain, Received last) {
        UploadService.Outcome outcome;
        try {
            String metadata = upload.metadata();
            outcome = uploads.accept(new UploadService.Upload(
                    tenant,
                    () -> store.open(chain, last.spool()),
                    upload.length(),
                    upload.filetype(),
                    metadataParser.parse(metadata == null ? null : metadata.getBytes(StandardCharsets.UTF_8)),
                    upload.ingestKey()));
        } catch (LakeException e) {
            if (!e.retryLater()) {
                // it can never become an image (not an image, a key used for other bytes): nothing is left behind
                store.delete(upload);
                meters.counter("lake.ingest.tus.uploads", "event", "refused").increment();
            }
            throw e;
        }
        TusUpload finished = upload.finishedAs(outcome.receipt().imageId());
        store.save(finished);
        try {
            store.deleteChunks(chain);
        } catch (RuntimeException e) {
            log.warn("upload {} finished; its chunks go at its expiry instead: {}", upload.id(), e.getMessage());
        }
        count("final");
        meters.counter("lake.ingest.tus.uploads", "event", "finished").increment();
        return new Progress(finished, upload.length());
    }

    /** Termination: the upload and every byte of it are removed; later requests for it answer 404. */
    public void terminate(Tenant tenant, String id) {
        TusUpload upload = store.find(tenant.id(), id).orElseThrow(() -> new NotFoundException("upload " + id));
        store.delete(upload);
        meters.counter("lake.ingest.tus.uploads", "event", "terminated").increment();
    }

    /** Removes uploads past their expiry; returns how many. */
    int sweepExpired(int max) {
        List<TusStore.Expiring> due = store.expired(clock.instant(), max);
        due.forEach(store::deleteExpired);
        meters.counter("lake.ingest.tus.uploads", "event", "expired").increment(due.size());
        return due.size();
    }

    /** The tenant's upload, not expired; another tenant's is as unknown as one that never existed. */
    private TusUpload live(Tenant tenant, String id) {
        TusUpload upload = store.find(tenant.id(), id).orElseThrow(() -> new NotFoundException("upload " + id));
        if (!clock.instant().isBefore(upload.expiresAt())) {
            throw new TusErrors.Expired(id);
        }
        return upload;
    }

    private Received receive(InputStream body, long contentLength, long room, TusHeaders.Checksum checksum) {
        Path spool;
        try {
            spool = Files.createTempFile("tus-", ".chunk");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MessageDigest digest = checksum == null ? null : checksum.newDigest();
        long size = 0;
        try (OutputStream out = Files.newOutputStream(spool)) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = readQuietly(body, buffer)) > 0) {
                if (size + n > room) {
                    deleteQuietly(spool);
                    throw new TusErrors.TooLarge(
                            "the chunk carries more than the " + room + " bytes left of Upload-Length");
                }
                out.write(buffer, 0, n);
                if (digest != null) {
                    digest.update(buffer, 0, n);
                }
                size += n;
            }
            boolean interrupted = n == INTERRUPTED || (contentLength >= 0 && size < contentLength);
            return new Received(spool, size, interrupted, digest);
        } catch (IOException e) {
            deleteQuietly(spool);
            throw new UncheckedIOException("cannot spool a chunk", e);
        }
    }

    /** A read of the request body; a connection that broke reads as {@link #INTERRUPTED}, not as an error. */
    private static int readQuietly(InputStream body, byte[] buffer) {
        try {
            return body.read(buffer);
        } catch (IOException clientGone) {
            return INTERRUPTED;
        }
    }

    private void count(String outcome) {
        meters.counter("lake.ingest.tus.chunks", "outcome", outcome).increment();
    }

    private static void deleteQuietly(Path spool) {
        try {
            Files.deleteIfExists(spool);
        } catch (IOException ignored) {
            // a temp file; the OS cleans its temp directory
        }
    }
}
