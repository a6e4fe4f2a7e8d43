package io.imagelake.normalizer.silver;

import io.imagelake.contracts.ObjectRef;
import io.imagelake.contracts.Zone;
import io.imagelake.normalizer.NormalizerProperties;
import io.imagelake.support.storage.StorageProperties;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.springframework.stereotype.Component;

/** Reads originals from bronze (within the input limit) and writes renditions into a zone. */
@Component
public class ZoneStore {

    private final MinioClient client;
    private final StorageProperties storage;
    private final NormalizerProperties properties;

    public ZoneStore(MinioClient client, StorageProperties storage, NormalizerProperties properties) {
        this.client = client;
        this.storage = storage;
        this.properties = properties;
    }

    /** The object's bytes, or {@code null} when it is larger than the input limit. */
    public byte[] read(ObjectRef ref) throws Exception {
        long limit = properties.maxInputBytes().toBytes();
        try (GetObjectResponse response = client.getObject(GetObjectArgs.builder()
                        .bucket(ref.bucket())
                        .object(ref.key())
                        .build());
                InputStream in = response) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            return bytes.length > limit ? null : bytes;
        }
    }

    public ObjectRef write(Zone zone, String key, byte[] bytes, String contentType) throws Exception {
        String bucket = storage.buckets().of(zone);
        client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(
                        new ByteArrayInputStream(bytes), bytes.length, -1)
                .contentType(contentType)
                .build());
        return new ObjectRef(bucket, key);
    }
}
