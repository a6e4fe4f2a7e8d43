package io.imagelake.catalog.datasets;

import io.imagelake.contracts.Zone;
import io.imagelake.support.storage.ObjectStoreErrors;
import io.imagelake.support.storage.StorageProperties;
import io.imagelake.support.storage.StorageUnavailableException;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Dataset objects in the gold bucket under {@code <tenant>/datasets/<name>/v<version>/}. */
@Component
public class DatasetStorage {

    private final MinioClient client;
    private final String bucket;

    public DatasetStorage(MinioClient client, StorageProperties storage) {
        this.client = client;
        this.bucket = storage.buckets().of(Zone.GOLD);
    }

    public String bucket() {
        return bucket;
    }

    public static String prefix(String tenant, String name, long version) {
        return tenant + "/datasets/" + name + "/v" + version + "/";
    }

    public static String manifestKey(String prefix) {
        return prefix + "manifest.jsonl";
    }

    /** The version's dataset card (Croissant JSON-LD), beside its manifest. */
    public static String cardKey(String prefix) {
        return prefix + "croissant.json";
    }

    /** An image's bytes, or empty if the object is gone (swept or erased since the version was created). */
    public Optional<byte[]> read(String sourceBucket, String key, long maxBytes) {
        byte[] bytes;
        try (GetObjectResponse in = client.getObject(
                GetObjectArgs.builder().bucket(sourceBucket).object(key).build())) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (ErrorResponseException e) {
            if (ObjectStoreErrors.isMissing(e)) {
                return Optional.empty();
            }
            throw new StorageUnavailableException("cannot read " + sourceBucket + "/" + key, e);
        } catch (Exception e) {
            throw new StorageUnavailableException("cannot read " + sourceBucket + "/" + key, e);
        }
        if (bytes.length > maxBytes) {
            throw new IllegalStateException(sourceBucket + "/" + key + " is larger than a whole shard");
        }
        return Optional.of(bytes);
    }

    public void upload(String key, Path file, String contentType) {
        try (InputStream in = Files.newInputStream(file)) {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(in, Files.size(file), -1)
                    .contentType(contentType)
                    .build());
        } catch (Exception e) {
            throw new StorageUnavailableException("cannot store " + bucket + "/" + key, e);
        }
    }

    public InputStream open(String key) {
        try {
            return client.getObject(
                    GetObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            throw new StorageUnavailableException("cannot read " + bucket + "/" + key, e);
        }
    }

    public void delete(String key) {
        try {
            client.removeObject(
                    RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            throw new StorageUnavailableException("cannot delete " + bucket + "/" + key, e);
        }
    }
}
