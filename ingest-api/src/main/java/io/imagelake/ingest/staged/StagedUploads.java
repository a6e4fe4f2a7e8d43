package io.imagelake.ingest.staged;

import io.imagelake.contracts.ObjectRef;
import io.imagelake.ingest.bronze.BronzeIngestor;
import io.imagelake.ingest.bronze.ImageMetadata;
import io.imagelake.ingest.bronze.MetadataParser;
import io.imagelake.ingest.bronze.OriginalMetadata;
import io.imagelake.ingest.format.ImageFormat;
import io.imagelake.ingest.format.UnsupportedImageException;
import io.imagelake.ingest.upload.UploadProperties;
import io.imagelake.ingest.upload.UploadService;
import io.imagelake.support.errors.InvalidRequestException;
import io.imagelake.support.errors.LakeException;
import io.imagelake.support.errors.NotFoundException;
import io.imagelake.support.storage.UrlSigner;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Uploads staged in the object store before they become an image: tus 1.0 (create, append a chunk at the offset,
 * finish) and direct uploads (the client PUTs to a presigned URL, then completes). A finished upload takes the REST
 * upload's own path ({@link UploadService}): the same limits, sniffing, metadata, idempotency, bronze write and event.
 * The last tus chunk is kept only in its request until its image is acknowledged, so an upload is never "complete"
 * without an image: a failed finish leaves the offset where it was and the client sends the chunk again. Counted in
 * {@code lake.ingest.staged.uploads{kind,event}} and {@code lake.ingest.tus.chunks{outcome}}.
 */
@Service
public class StagedUploads {

    private static final Logger log = LoggerFactory.getLogger(StagedUploads.class);
    private static final int BUFFER = 64 * 1024;
    /** What {@link #readQuietly} returns for a body whose connection broke. */
    private static final int INTERRUPTED = -2;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    /** The types a client may declare for a direct upload, by the format its bytes must then be. */
    private static final Map<String, ImageFormat> DECLARABLE = declarable();

    private final StagingStore store;
    private final UrlSigner signer;
    private final UploadService uploads;
    private final UploadProperties limits;
    private final StagingProperties properties;
    private final MetadataParser metadataParser;
    private final MeterRegistry meters;
    private final Clock clock;

    public StagedUploads(
            StagingStore store,
            UrlSigner signer,
            UploadService uploads,
            UploadProperties limits,
            StagingProperties properties,
            MetadataParser metadataParser,
            MeterRegistry meters,
            Clock clock) {
        this.store = store;
        this.signer = signer;
        this.uploads = uploads;
        this.limits = limits;
        this.properties = properties;
        this.metadataParser = metadataParser;
        this.meters = meters;
        this.clock = clock;
    }

    /** An upload and how many of its bytes the lake holds. */
    public record Progress(StagedUpload upload, long offset) {}

    /** A chunk as it arrived: the bytes in a spool file, and whether the request delivered all it announced. */
    private record Received(Path spool, long size, boolean interrupted, MessageDigest digest) {}

    /** What a client declares when it opens an upload, whichever way its bytes then come. */
    public record Declared(
            long length, String filename, String filetype, String metadata, String sha256, String idempotencyKey) {}

    /** A direct upload: where the client PUTs its bytes, until when. */
    public record DirectUpload(StagedUpload upload, String url, Instant urlExpiresAt) {}

    /** tus creation: {@code metadata} is the decoded Upload-Metadata. */
    public StagedUpload createTus(Tenant tenant, long length, Map<String, String> metadata, String idempotencyKey) {
        return open(
                tenant,
                StagedUpload.Kind.TUS,
                new Declared(
                        length,
                        metadata.get("filename"),
                        metadata.get("filetype"),
                        metadata.get("metadata"),
                        null,
                        idempotencyKey),
                TusHeaders.LENGTH);
    }

    /**
     * A direct upload: the client PUTs its bytes to the returned presigned URL (the object store's public address),
     * so they cross neither the gateway nor ingest-api, then asks for {@link #complete}.
     */
    public DirectUpload createDirect(Tenant tenant, Declared declared) {
        if (declared.sha256() == null || !SHA256.matcher(declared.sha256()).matches()) {
            throw InvalidRequestException.of("sha256", "the file's SHA-256: 64 hexadecimal digits");
        }
        StagedUpload upload = open(tenant, StagedUpload.Kind.DIRECT, declared, "size");
        Instant urlExpiresAt = upload.createdAt().plus(properties.directUrlTtl());
        String url = signer.put(store.bucket(), store.chunkKey(upload, 0), properties.directUrlTtl());
        return new DirectUpload(upload, url, urlExpiresAt);
    }

    private StagedUpload open(Tenant tenant, StagedUpload.Kind kind, Declared declared, String lengthField) {
        if (declared.length() < 0) {
            throw InvalidRequestException.of(lengthField, "a non-negative number of bytes");
        }
        if (declared.length() > limits.maxBytes().toBytes()) {
            throw new TusErrors.TooLarge(
                    lengthField + " " + declared.length() + " is over the upload limit of " + limits.maxBytes());
        }
        limits.checkIdempotencyKey(declared.idempotencyKey());
        if (!OriginalMetadata.storable(declared.filetype())) {
            throw InvalidRequestException.of(
                    kind == StagedUpload.Kind.TUS ? TusHeaders.METADATA : "contentType",
                    "the declared type must be printable ASCII of at most " + OriginalMetadata.MAX_DECLARED_CONTENT_TYPE
                            + " characters");
        }
        // refused now, before the app sends a byte, rather than at the end
        parse(declared.metadata());
        Instant now = clock.instant();
        StagedUpload upload = new StagedUpload(
                UUID.randomUUID().toString(),
                kind,
                tenant.id(),
                declared.length(),
                declared.filename(),
                declared.filetype(),
                declared.metadata(),
                declared.sha256() == null ? null : declared.sha256().toLowerCase(Locale.ROOT),
                declared.idempotencyKey(),
                now,
                now.plus(properties.expiry()),
                null);
        store.create(upload);
        event(upload, "created");
        return upload;
    }

    /**
     * A direct upload's completion: the object the client PUT must be what it declared (size, SHA-256, an image of
     * the type it named) before it is ingested like any upload. A lie is refused and the upload removed: nothing of it
     * stays. Completing again answers the same image.
     */
    public Progress complete(Tenant tenant, String id) {
        StagedUpload upload = live(tenant, StagedUpload.Kind.DIRECT, id);
        if (upload.finished()) {
            return new Progress(upload, upload.length());
        }
        List<StagingStore.Chunk> chain = store.chain(upload);
        if (chain.isEmpty()) {
            throw new DirectUploadErrors.NotReceived(id);
        }
        long size = StagingStore.offset(chain);
        if (size != upload.length()) {
            throw refused(
                    upload,
                    new DirectUploadErrors.Mismatch(
                            "size", "the object holds " + size + " bytes, not the " + upload.length() + " declared"));
        }
        ImageFormat format;
        try {
            format = UnsupportedImageException.requireFormat(store.head(chain.getFirst(), ImageFormat.SNIFF_BYTES));
        } catch (UnsupportedImageException e) {
            throw refused(upload, e);
        }
        if (upload.filetype() != null
                && !DECLARABLE
                        .getOrDefault(upload.filetype().toLowerCase(Locale.ROOT), format)
                        .equals(format)) {
            throw refused(
                    upload,
                    new DirectUploadErrors.Mismatch(
                            "contentType", "the bytes are " + format.contentType() + ", not " + upload.filetype()));
        }
        return finish(tenant, upload, chain, null);
    }

    private LakeException refused(StagedUpload upload, LakeException why) {
        store.delete(upload);
        event(upload, "refused");
        return why;
    }

    public Progress progress(Tenant tenant, String id) {
        StagedUpload upload = live(tenant, StagedUpload.Kind.TUS, id);
        return new Progress(upload, upload.finished() ? upload.length() : StagingStore.offset(store.chain(upload)));
    }

    /**
     * Appends the request body at {@code offset}. A body cut short (the app lost its network) keeps what arrived,
     * unless a checksum was declared for the whole chunk; the client's HEAD then tells it where to resume.
     */
    public Progress append(
            Tenant tenant, String id, long offset, TusHeaders.Checksum checksum, InputStream body, long contentLength) {
        StagedUpload upload = live(tenant, StagedUpload.Kind.TUS, id);
        if (upload.finished()) {
            if (offset != upload.length()) {
                throw new TusErrors.OffsetMismatch(offset, upload.length());
            }
            return new Progress(upload, upload.length()); // the final PATCH again, after a lost answer
        }
        List<StagingStore.Chunk> chain = store.chain(upload);
        long current = StagingStore.offset(chain);
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
            StagedUpload upload,
            List<StagingStore.Chunk> chain,
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
                throw new TusErrors.OffsetMismatch(offset, StagingStore.offset(store.chain(upload)));
            }
            count("stored");
            return new Progress(upload, end);
        }
        count("final");
        return finish(tenant, upload, chain, chunk.spool());
    }

    /** The first bytes already say whether this can ever be an image: no need to let the app send the rest. */
    private void refuseEarlyIfNotAnImage(StagedUpload upload, Received chunk) {
        if (chunk.size() < ImageFormat.SNIFF_BYTES && chunk.size() < upload.length()) {
            return;
        }
        try (InputStream in = Files.newInputStream(chunk.spool())) {
            UnsupportedImageException.requireFormat(in.readNBytes(ImageFormat.SNIFF_BYTES));
        } catch (UnsupportedImageException e) {
            count("refused");
            throw refused(upload, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Hands the upload's bytes (its stored chunks, then {@code last}, the final tus chunk still spooled, or nothing)
     * to the one upload path. The declared SHA-256 of a direct upload is checked there, on the hash it computes anyway.
     */
    private Progress finish(Tenant tenant, StagedUpload upload, List<StagingStore.Chunk> chain, Path last) {
        UploadService.Outcome outcome;
        try {
            outcome = uploads.accept(new UploadService.Upload(
                    tenant,
                    content(chain, last),
                    upload.length(),
                    upload.filetype(),
                    parse(upload.metadata()),
                    upload.ingestKey(),
                    upload.sha256()));
        } catch (LakeException e) {
            if (!e.retryLater()) {
                // it can never become an image (not an image, a lie, a key used for other bytes): nothing stays
                throw refused(upload, e);
            }
            throw e;
        }
        StagedUpload finished = upload.finishedAs(outcome.receipt());
        store.save(finished);
        try {
            store.deleteChunks(chain);
        } catch (RuntimeException e) {
            log.warn("upload {} finished; its chunks go at its expiry instead: {}", upload.id(), e.getMessage());
        }
        event(upload, "finished");
        return new Progress(finished, upload.length());
    }

    /** The upload's bytes; a direct upload's one staged object is also copied into bronze server-side. */
    private BronzeIngestor.Content content(List<StagingStore.Chunk> chain, Path last) {
        if (last != null || chain.size() != 1) {
            return () -> store.open(chain, last);
        }
        ObjectRef staged = new ObjectRef(store.bucket(), chain.getFirst().key());
        return new BronzeIngestor.Content() {
            @Override
            public InputStream open() {
                return store.open(chain, null);
            }

            @Override
            public Optional<ObjectRef> storedAs() {
                return Optional.of(staged);
            }
        };
    }

    /** Termination: the upload and every byte of it are removed; later requests for it answer 404. */
    public void terminate(Tenant tenant, String id) {
        StagedUpload upload = find(tenant, StagedUpload.Kind.TUS, id);
        store.delete(upload);
        event(upload, "terminated");
    }

    /**
     * The tenant's upload of that kind. Another tenant's is as unknown as one that never existed, and so is one of the
     * other kind: a direct upload's id is no tus upload (no PATCH into its presigned object), and a tus upload cannot
     * be completed as a direct one.
     */
    private StagedUpload find(Tenant tenant, StagedUpload.Kind kind, String id) {
        return store.find(tenant.id(), id)
                .filter(upload -> upload.kind() == kind)
                .orElseThrow(() ->
                        new NotFoundException((kind == StagedUpload.Kind.DIRECT ? "direct upload " : "upload ") + id));
    }

    /** Removes uploads past their expiry; returns how many. */
    int sweepExpired(int max) {
        List<StagingStore.Expiring> due = store.expired(clock.instant(), max);
        due.forEach(store::deleteExpired);
        meters.counter("lake.ingest.staged.uploads", "kind", "any", "event", "expired")
                .increment(due.size());
        return due.size();
    }

    /** The tenant's upload of that kind, not expired. */
    private StagedUpload live(Tenant tenant, StagedUpload.Kind kind, String id) {
        StagedUpload upload = find(tenant, kind, id);
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

    private ImageMetadata parse(String metadata) {
        return metadataParser.parse(metadata == null ? null : metadata.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, ImageFormat> declarable() {
        Map<String, ImageFormat> types = new HashMap<>();
        for (ImageFormat format : ImageFormat.values()) {
            types.put(format.contentType(), format);
        }
        types.put("image/jpg", ImageFormat.JPEG);
        types.put("image/heif", ImageFormat.HEIC);
        return Map.copyOf(types);
    }

    private void event(StagedUpload upload, String event) {
        meters.counter(
                        "lake.ingest.staged.uploads",
                        "kind",
                        upload.kind().name().toLowerCase(Locale.ROOT),
                        "event",
                        event)
                .increment();
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
