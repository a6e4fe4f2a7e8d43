package io.imagelake.support.storage;

import io.imagelake.contracts.Zone;
import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Ready only when the object store answers and the bronze bucket exists. */
public class S3HealthIndicator extends AbstractHealthIndicator {

    private final MinioClient client;
    private final StorageProperties properties;

    S3HealthIndicator(MinioClient client, StorageProperties properties) {
        super("object store health check failed");
        this.client = client;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        String bucket = properties.buckets().of(Zone.BRONZE);
        boolean exists =
                client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        builder.status(exists ? "UP" : "DOWN")
                .withDetail("endpoint", properties.endpoint().toString())
                .withDetail("bucket", bucket)
                .withDetail("bucketExists", exists);
    }
}
