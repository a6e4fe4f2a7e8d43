package io.imagelake.ingest.staged;

import io.imagelake.contracts.ObjectKeys;
import io.imagelake.ingest.bronze.BronzeWriter;
import io.imagelake.support.storage.ConditionalWrites;
import io.imagelake.support.storage.StorageUnavailableException;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Resumable uploads on the object store, as tusd's S3 store keeps them: a record object, and each chunk received
 * as its own object named by the offset it starts at, so any ingest-api instance, after any restart, knows an
 * upload's offset by listing its chunks. S3 cannot append; a chunk per object also means a dropped connection keeps
 * what arrived. Layout: {@link ObjectKeys#resumableUpload} and {@link ObjectKeys#STAGED_EXPIRY_PREFIX}.
 */
@Component
class StagingStore {

    /** The upload ids the lake hands out (random UUIDs): anything else is not an upload, never an object key. */
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static final String RECORD = "upload.json";
    private static final String CHUNKS = "chunks/";

    private final MinioClient client;
    private final BronzeWriter bronze;
    private final ConditionalWrites objects;
    private final ObjectMapper json;

    StagingStore(MinioClient client, BronzeWriter bronze, ConditionalWrites objects, ObjectMapper json) {
        this.client = client;
        this.bronze = bronze;
        this.objects = objects;
        this.json = json;
    }

    /** A stored chunk: where it starts in the upload, and how many bytes it holds. */
    record Chunk(String key, long offset, long size) {
        long end() {
            return offset + size;
        }
    }

    String bucket() {
        return bronze.bucket();
    }

    /** The object of the chunk that starts at {@code offset} (a direct upload's one PUT is chunk 0). */
    String chunkKey(StagedUpload upload, long offset) {
        return ObjectKeys.stagedUpload(upload.customerId(), upload.id()) + CHUNKS + "%020d".formatted(offset);
    }

    /** The first {@code bytes} of a chunk: a ranged GET, not the whole object. */
    byte[] head(Chunk chunk, int bytes) {
        try (InputStream in = client.getObject(GetObjectArgs.builder()
                .bucket(bronze.bucket())
                .object(chunk.key())
                .offset(0L)
                .length((long) Math.min(bytes, chunk.size()))
                .build())) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw new StorageUnavailableException("cannot read a staged chunk", e);
        }
    }

    static boolean isUploadId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** The expiry entry first: a crash in between leaves something the sweep finds, never an unswept record. */
    void create(StagedUpload upload) {
        objects.put(bronze.bucket(), expiryKey(upload), new byte[0], "application/octet-stream");
        save(upload);
    }

    void save(StagedUpload upload) {
        objects.put(
                bronze.bucket(),
                recordKey(upload.customerId(), upload.id()),
                json.writeValueAsBytes(upload),
                "application/json");
    }

    Optional<StagedUpload> find(String customerId, String id) {
        if (!isUploadId(id)) {
            return Optional.empty();
        }
        return objects.read(bronze.bucket(), recordKey(customerId, id)).map(b -> json.readValue(b, StagedUpload.class));
    }

    /**
     * The chunks that make the upload's bytes, in order: from offset 0, each starting where the one before ends.
     * A chunk off that chain (left by two clients racing on one offset) is ignored; its bytes are not the upload's.
     */
    List<Chunk> chain(StagedUpload upload) {
        List<Chunk> stored = new ArrayList<>();
        String prefix = ObjectKeys.stagedUpload(upload.customerId(), upload.id()) + CHUNKS;
        for (Item item : objects.list(bronze.bucket(), prefix)) {
            String name = item.objectName().substring(prefix.length());
            stored.add(new Chunk(item.objectName(), Long.parseLong(name), item.size()));
        }
        stored.sort(Comparator.comparingLong(Chunk::offset));
        List<Chunk> chain = new ArrayList<>();
        long end = 0;
        for (Chunk chunk : stored) {
            if (chunk.offset() == end && chunk.size() > 0) {
                chain.add(chunk);
                end = chunk.end();
            }
        }
        return chain;
    }

    static long offset(List<Chunk> chain) {
        return chain.isEmpty() ? 0 : chain.getLast().end();
    }

    /**
     * Stores a chunk unless one already starts at {@code offset}: first writer wins ({@code If-None-Match: *}), so a
     * body cut short whose bytes are kept late (the proxy told this instance after the client had already resumed)
     * never overwrites the chunk the resumed request stored. False: the offset was taken.
     */
    boolean writeChunk(StagedUpload upload, long offset, Path spool, long size) {
        try {
            return objects.createIfAbsent(
                    bronze.bucket(),
                    chunkKey(upload, offset),
                    () -> Files.newInputStream(spool),
                    size,
                    TusHeaders.OFFSET_OCTET_STREAM);
        } catch (StorageUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageUnavailableException("cannot store a chunk of upload " + upload.id(), e);
        }
    }

    /**
     * The upload's bytes: its stored chunks, then the last chunk still in {@code spool} (null: none). Each is opened
     * when the one before is used up (not {@link java.io.SequenceInputStream}, whose close opens every remaining
     * stream: reading the first bytes to sniff the format would fetch every chunk).
     */
    InputStream open(List<Chunk> chain, Path spool) {
        Iterator<Chunk> chunks = chain.iterator();
        return new InputStream() {
            private InputStream current = next();
            private boolean spoolOpened;

            private InputStream next() {
                try {
                    if (chunks.hasNext()) {
                        return client.getObject(GetObjectArgs.builder()
                                .bucket(bronze.bucket())
                                .object(chunks.next().key())
                                .build());
                    }
                    if (!spoolOpened && spool != null) {
                        spoolOpened = true;
                        return Files.newInputStream(spool);
                    }
                    return null;
                } catch (Exception e) {
                    throw new StorageUnavailableException("cannot read a stored chunk", e);
                }
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                while (current != null) {
                    int n = current.read(buffer, offset, length);
                    if (n != -1) {
                        return n;
                    }
                    current.close();
                    current = next();
                }
                return -1;
            }

            @Override
            public void close() throws IOException {
                if (current != null) {
                    current.close();
                    current = null;
                }
            }
        };
    }

    /**
     * Removes the upload's record and bytes. Its expiry entry stays until its time: a direct upload's URL may still
     * take a PUT, and the sweep then removes whatever came under the upload's prefix.
     */
    void delete(StagedUpload upload) {
        removeUnder(ObjectKeys.stagedUpload(upload.customerId(), upload.id()));
    }

    /** After the upload became an image: its chunks are the bronze original now, the record answers HEADs. */
    void deleteChunks(List<Chunk> chain) {
        chain.forEach(chunk -> objects.remove(bronze.bucket(), chunk.key()));
    }

    /** An expired upload's coordinates, read from its expiry entry's key. */
    record Expiring(String entryKey, String customerId, String id) {}

    /** Expiry entries due by {@code now}, oldest first, at most {@code max}: the listing stops at the first not due. */
    List<Expiring> expired(Instant now, int max) {
        List<Expiring> due = new ArrayList<>();
        for (Item item : objects.list(bronze.bucket(), ObjectKeys.STAGED_EXPIRY_PREFIX)) {
            String[] parts = item.objectName()
                    .substring(ObjectKeys.STAGED_EXPIRY_PREFIX.length())
                    .split("/");
            if (parts.length != 3 || Long.parseLong(parts[0]) > now.toEpochMilli() || due.size() == max) {
                break;
            }
            due.add(new Expiring(item.objectName(), parts[1], parts[2]));
        }
        return Collections.unmodifiableList(due);
    }

    /** Removes an expired upload found by its entry, record or not. */
    void deleteExpired(Expiring expiring) {
        removeUnder(ObjectKeys.stagedUpload(expiring.customerId(), expiring.id()));
        objects.remove(bronze.bucket(), expiring.entryKey());
    }

    private void removeUnder(String prefix) {
        for (Item item : objects.list(bronze.bucket(), prefix)) {
            objects.remove(bronze.bucket(), item.objectName());
        }
    }

    private static String recordKey(String customerId, String id) {
        return ObjectKeys.stagedUpload(customerId, id) + RECORD;
    }

    private static String expiryKey(StagedUpload upload) {
        return ObjectKeys.STAGED_EXPIRY_PREFIX
                + "%013d".formatted(upload.expiresAt().toEpochMilli()) + "/" + upload.customerId() + "/" + upload.id();
    }
}
