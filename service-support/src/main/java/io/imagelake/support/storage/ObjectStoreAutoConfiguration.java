package io.imagelake.support.storage;

import io.minio.MinioClient;
import okhttp3.OkHttpClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The object-store client every service uses, with bounded timeouts and TCP_NODELAY. */
@AutoConfiguration
@ConditionalOnClass(MinioClient.class)
@EnableConfigurationProperties(StorageProperties.class)
public class ObjectStoreAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MinioClient minioClient(StorageProperties properties) {
        return ObjectStoreClients.create(properties);
    }

    @Bean
    @ConditionalOnProperty(name = "lake.s3.create-buckets", havingValue = "true", matchIfMissing = true)
    BucketInitializer bucketInitializer(MinioClient client, StorageProperties properties) {
        return new BucketInitializer(client, properties);
    }

    @Bean
    @ConditionalOnMissingBean
    TransientRetry transientRetry(StorageProperties properties) {
        return new TransientRetry(properties.retry());
    }

    @Bean
    @ConditionalOnMissingBean
    ConditionalWrites conditionalWrites(MinioClient client, TransientRetry retry, StorageProperties properties) {
        return new ConditionalWrites(client, retry, properties.atomicConditionalWrites());
    }

    @Bean("s3HealthIndicator")
    S3HealthIndicator s3HealthIndicator(MinioClient client, StorageProperties properties) {
        return new S3HealthIndicator(client, properties);
    }

    /** Exposed for tests and tools that need the same client outside a Spring context. */
    public static final class ObjectStoreClients {
        private ObjectStoreClients() {}

        public static MinioClient create(StorageProperties properties) {
            OkHttpClient http = new OkHttpClient.Builder()
                    .socketFactory(new NoDelaySocketFactory())
                    .connectTimeout(properties.connectTimeout())
                    .readTimeout(properties.readTimeout())
                    .writeTimeout(properties.readTimeout())
                    .build();
            return MinioClient.builder()
                    .endpoint(properties.endpoint().toString())
                    .credentials(properties.accessKey(), properties.secretKey())
                    // a fixed region: presigning then needs no round trip to the server
                    .region(properties.region())
                    .httpClient(http)
                    .build();
        }
    }
}
