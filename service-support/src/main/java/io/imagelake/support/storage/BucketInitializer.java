package io.imagelake.support.storage;

import io.imagelake.contracts.Zone;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * Creates the zone buckets that do not exist yet. Runs once the application is up so a store that
 * is still starting makes the service unready (see {@link S3HealthIndicator}), never a crash.
 */
public class BucketInitializer {

    private static final Logger log = LoggerFactory.getLogger(BucketInitializer.class);

    private final MinioClient client;
    private final StorageProperties properties;

    BucketInitializer(MinioClient client, StorageProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void createMissingBuckets() {
        for (Zone zone : Zone.values()) {
            String bucket = properties.buckets().of(zone);
            try {
                if (!client.bucketExists(
                        BucketExistsArgs.builder().bucket(bucket).build())) {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                    log.info("created bucket {}", bucket);
                }
            } catch (ErrorResponseException e) {
                // another instance created it between our check and our create
                if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())
                        && !"BucketAlreadyExists".equals(e.errorResponse().code())) {
                    log.warn("cannot create bucket {}: {}", bucket, e.getMessage());
                }
            } catch (Exception e) {
                log.warn("cannot create bucket {} (object store unavailable?): {}", bucket, e.toString());
            }
        }
    }
}
