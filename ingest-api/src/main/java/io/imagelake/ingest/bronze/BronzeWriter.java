package io.imagelake.ingest.bronze;

import io.imagelake.contracts.ObjectRef;
import io.imagelake.contracts.Zone;
import io.imagelake.support.storage.ObjectStoreErrors;
import io.imagelake.support.storage.StorageProperties;
import io.imagelake.support.storage.StorageUnavailableException;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.Directive;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Streams original bytes into the bronze bucket (only ingest-api writes bronze). */
@Component
public class BronzeWriter {

    private final MinioClient client;
    private final StorageProperties storage;

    public BronzeWriter(MinioClient client, StorageProperties storage) {
        this.client = client;
        this.storage = storage;
    }

    public String bucket() {
        return storage.buckets().of(Zone.BRONZE);
    }

    /** Stores {@code size} bytes of {@code content}; S3 makes the object visible only once complete. */
    public ObjectRef write(
            String key, InputStream content, long size, String contentType, Map<String, String> userMetadata) {
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket()).object(key).stream(content, size, -1)
                    .contentType(contentType)
                    .userMetadata(userMetadata)
                    .build());
            return new ObjectRef(bucket(), key);
        } catch (Exception e) {
            throw new StorageUnavailableException("cannot store " + bucket() + "/" + key, e);
        }
    }

    /**
     * Copies an object the store already holds (a direct upload's staged bytes) to {@code key}, server-side, with the
     * original's type and metadata. Atomic as a PUT: the copy is visible only once complete.
     */
    public ObjectRef copy(ObjectRef source, String key, String contentType, Map<String, String> userMetadata) {
        try {
            client.copyObject(CopyObjectArgs.builder()
                    .bucket(bucket())
                    .object(key)
                    .source(CopySource.builder()
                            .bucket(source.bucket())
                            .object(source.key())
                            .build())
                    .metadataDirective(Directive.REPLACE)
                    .headers(Map.of("Content-Type", contentType))
                    .userMetadata(userMetadata)
                    .build());
            return new ObjectRef(bucket(), key);
        } catch (Exception e) {
            throw new StorageUnavailableException("cannot copy " + source.key() + " to " + bucket() + "/" + key, e);
        }
    }

    /** What S3 knows of a stored original. */
    public record StoredObject(long size, String contentType, Instant lastModified, Map<String, String> userMetadata) {}

    public Optional<StoredObject> stat(ObjectRef ref) {
        try {
            StatObjectResponse stat = client.statObject(StatObjectArgs.builder()
                    .bucket(ref.bucket())
                    .object(ref.key())
                    .build());
            Map<String, String> metadata = new HashMap<>();
            stat.userMetadata().forEach((k, v) -> metadata.put(k.toLowerCase(Locale.ROOT), v));
            return Optional.of(new StoredObject(
                    stat.size(), stat.contentType(), stat.lastModified().toInstant(), metadata));
        } catch (ErrorResponseException e) {
            if (ObjectStoreErrors.isMissing(e)) {
                return Optional.empty();
            }
            throw new StorageUnavailableException("cannot stat " + ref.key(), e);
        } catch (Exception e) {
            throw new StorageUnavailableException("cannot stat " + ref.key(), e);
        }
    }

    public boolean exists(ObjectRef ref) {
        return stat(ref).isPresent();
    }

    /** Removes an object whose event could not be published, so nothing unannounced stays visible. */
    public void deleteQuietly(ObjectRef ref) {
        try {
            client.removeObject(RemoveObjectArgs.builder()
                    .bucket(ref.bucket())
                    .object(ref.key())
                    .build());
        } catch (Exception ignored) {
            // its pending marker goes with it; an orphan is found by the catalog's reconciliation
        }
    }
}
