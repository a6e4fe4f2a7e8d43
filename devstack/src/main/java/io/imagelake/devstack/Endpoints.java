package io.imagelake.devstack;

import io.minio.MinioClient;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How services reach the infrastructure. {@link #asEnvironment()} is exactly the set of
 * variables the services read ({@code LAKE_*}), whether the parts are embedded or external.
 */
public record Endpoints(
        String kafkaBootstrap,
        String s3Endpoint,
        String s3AccessKey,
        String s3SecretKey,
        String mongoUri,
        String trinoUrl,
        boolean s3AtomicConditionalWrites) {

    public Map<String, String> asEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        put(env, "LAKE_KAFKA_BOOTSTRAP", kafkaBootstrap);
        put(env, "LAKE_S3_ENDPOINT", s3Endpoint);
        put(env, "LAKE_S3_ACCESS_KEY", s3AccessKey);
        put(env, "LAKE_S3_SECRET_KEY", s3SecretKey);
        put(env, "LAKE_S3_ATOMIC_CONDITIONAL_WRITES", Boolean.toString(s3AtomicConditionalWrites));
        put(env, "LAKE_MONGO_URI", mongoUri);
        put(env, "LAKE_TRINO_URL", trinoUrl);
        return env;
    }

    /** A client of the S3 server, as tests and tools use it (the services build theirs from configuration). */
    public MinioClient s3Client() {
        return MinioClient.builder()
                .endpoint(s3Endpoint)
                .credentials(s3AccessKey, s3SecretKey)
                .region("us-east-1")
                .build();
    }

    /** Spring property names for the same values (what a {@code @DynamicPropertySource} registers). */
    public Map<String, String> asProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        put(props, "lake.kafka.bootstrap", kafkaBootstrap);
        put(props, "lake.s3.endpoint", s3Endpoint);
        put(props, "lake.s3.access-key", s3AccessKey);
        put(props, "lake.s3.secret-key", s3SecretKey);
        put(props, "lake.s3.atomic-conditional-writes", Boolean.toString(s3AtomicConditionalWrites));
        put(props, "lake.mongo.uri", mongoUri);
        put(props, "lake.trino.url", trinoUrl);
        return props;
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
