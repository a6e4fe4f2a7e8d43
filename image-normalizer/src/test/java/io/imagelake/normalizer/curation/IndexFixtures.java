package io.imagelake.normalizer.curation;

import io.imagelake.devstack.Endpoints;
import io.imagelake.support.storage.ConditionalWrites;
import io.imagelake.support.storage.StorageProperties;
import io.imagelake.support.storage.TransientRetry;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.net.URI;
import java.time.Duration;

/** What the duplicate indexes' integration tests build an index from: the real S3 server, the silver bucket. */
record IndexFixtures(MinioClient s3, StorageProperties storage, ConditionalWrites objects) {

    static IndexFixtures on(Endpoints endpoints) throws Exception {
        MinioClient s3 = endpoints.s3Client();
        StorageProperties storage = new StorageProperties(
                URI.create(endpoints.s3Endpoint()),
                endpoints.s3AccessKey(),
                endpoints.s3SecretKey(),
                "us-east-1",
                new StorageProperties.Buckets("bronze", "silver", "gold"),
                Duration.ofSeconds(5),
                Duration.ofSeconds(60),
                new StorageProperties.Retry(3, Duration.ofMillis(50), 3),
                true,
                endpoints.s3AtomicConditionalWrites());
        if (!s3.bucketExists(BucketExistsArgs.builder().bucket("silver").build())) {
            s3.makeBucket(MakeBucketArgs.builder().bucket("silver").build());
        }
        return new IndexFixtures(
                s3,
                storage,
                new ConditionalWrites(s3, new TransientRetry(storage.retry()), storage.atomicConditionalWrites()));
    }

    /** The defaults, with the crop index's sync interval given. */
    static DedupeProperties dedupe(Duration cropSyncInterval) {
        return new DedupeProperties(
                true,
                8,
                new DedupeProperties.Crops(
                        true, 8, 0.85, 8, cropSyncInterval, Duration.ofMinutes(2), Duration.ofMinutes(30)));
    }
}
