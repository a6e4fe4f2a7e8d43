package io.imagelake.ingest.bronze;

import io.imagelake.contracts.ObjectRef;
import io.imagelake.contracts.Zone;
import io.imagelake.support.storage.StorageProperties;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import org.springframework.stereotype.Component;

import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Streams original bytes into the bronze bucket, computing SHA-256 and the byte count on the way,
 * so an upload is read exactly once and never held whole in memory.
 */
@Component
public class BronzeWriter {

    /** S3's minimum multipart part size; bounds the client's buffer for streams of unknown length. */
    private static final long PART_SIZE = 5L * 1024 * 1024;

    private final MinioClient client;
    private final StorageProperties storage;

    public BronzeWriter(MinioClient client, StorageProperties storage) {
        this.client = client;
        this.storage = storage;
    }

    /** What was stored. */
    public record Stored(ObjectRef ref, long bytes, String sha256) {
    }

    public Stored write(String key, InputStream content, long size, String contentType, Map<String, String> userMetadata) {
        String bucket = storage.buckets().of(Zone.BRONZE);
        MessageDigest sha256 = sha256();
        try (CountingInputStream counted = new CountingInputStream(new DigestInputStream(content, sha256))) {
            client.putObject(PutObjectArgs.builder()
                    .bucket(bucket)
                    .object(key)
                    .stream(counted, size, size >= 0 ? -1 : PART_SIZE)
                    .contentType(contentType)
                    .userMetadata(userMetadata)
                    .build());
            return new Stored(new ObjectRef(bucket, key), counted.count(), HexFormat.of().formatHex(sha256.digest()));
        } catch (Exception e) {
            throw new StorageUnavailableException("cannot store " + bucket + "/" + key, e);
        }
    }

    /** Removes an object written for a request that then failed, so nothing half-done stays visible. */
    public void deleteQuietly(ObjectRef ref) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(ref.bucket()).object(ref.key()).build());
        } catch (Exception ignored) {
            // best effort: the reconciler (issue: ingestion) finds orphans without events
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
