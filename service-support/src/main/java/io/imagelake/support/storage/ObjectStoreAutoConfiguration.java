package io.imagelake.support.storage;

import io.minio.MinioClient;
import java.net.URI;
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
@EnableConfigurationProperties({StorageProperties.class, PublicStorageProperties.class})
public class ObjectStoreAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MinioClient minioClient(StorageProperties properties) {
        return ObjectStoreClients.create(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    UrlSigner urlSigner(MinioClient client, StorageProperties properties, PublicStorageProperties external) {
        URI endpoint = external.publicEndpoint() == null ? properties.endpoint() : external.publicEndpoint();
        return new UrlSigner(
                external.publicEndpoint() == null ? client : ObjectStoreClients.create(properties, endpoint),
                endpoint,
                properties.region(),
                properties.accessKey(),
                properties.secretKey());
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
            return create(properties, properties.endpoint());
        }

        /** A client of the same store and credentials at another address (the one clients outside reach). */
        public static MinioClient create(StorageProperties properties, URI endpoint) {
            OkHttpClient http = new OkHttpClient.Builder()
                    .socketFactory(new NoDelaySocketFactory())
                    .connectTimeout(properties.connectTimeout())
                    .readTimeout(properties.readTimeout())
                    .writeTimeout(properties.readTimeout())
                    .build();
            return MinioClient.builder()
                    .endpoint(endpoint.toString())
                    .credentials(properties.accessKey(), properties.secretKey())
                    // a fixed region: presigning then needs no round trip to the server
                    .region(properties.region())
                    .httpClient(http)
                    .build();
        }
    }
}
