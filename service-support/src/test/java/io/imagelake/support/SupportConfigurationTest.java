package io.imagelake.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.support.kafka.LakeKafkaProperties;
import io.imagelake.support.security.InternalTokenProperties;
import io.imagelake.support.storage.StorageProperties;
import io.imagelake.support.web.ProblemProperties;
import io.imagelake.testing.PropertiesBinding;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** What every service shares, as Spring binds it: the defaults, and every key reaching its component. */
class SupportConfigurationTest {

    private static final Map<String, String> S3 =
            Map.of("endpoint", "http://127.0.0.1:9000", "access-key", "k", "secret-key", "s");

    @Test
    void theObjectStore() {
        StorageProperties defaults = PropertiesBinding.defaults(StorageProperties.class, S3);
        assertThat(defaults.atomicConditionalWrites()).as("MinIO and S3").isTrue();
        assertThat(defaults.buckets().gold()).isEqualTo("gold");
        assertThat(defaults.retry().maxRetries()).isEqualTo(3);
        Map<String, String> every = new HashMap<>(Map.of(
                "endpoint", "http://minio:9000",
                "access-key", "a",
                "secret-key", "b",
                "region", "eu-west-1",
                "buckets.bronze", "b1",
                "buckets.silver", "s1",
                "buckets.gold", "g1",
                "connect-timeout", "1s",
                "read-timeout", "2s",
                "retry.max-retries", "1"));
        every.putAll(Map.of(
                "retry.delay", "5ms",
                "retry.multiplier", "2",
                "create-buckets", "false",
                "atomic-conditional-writes", "false"));
        PropertiesBinding.assertEveryKeyBinds(StorageProperties.class, S3, every);
    }

    @Test
    void kafkaProblemsAndInternalTokens() {
        Map<String, String> bootstrap = Map.of("bootstrap", "127.0.0.1:9092");
        LakeKafkaProperties kafka = PropertiesBinding.defaults(LakeKafkaProperties.class, bootstrap);
        assertThat(kafka.partitions()).isEqualTo(3);
        assertThat(kafka.maxImageRecord()).isEqualTo(DataSize.ofMegabytes(32));
        PropertiesBinding.assertEveryKeyBinds(
                LakeKafkaProperties.class,
                bootstrap,
                Map.of(
                        "bootstrap",
                        "kafka:9092",
                        "partitions",
                        "6",
                        "replication-factor",
                        "3",
                        "publish-timeout",
                        "1s",
                        "health-timeout",
                        "1s",
                        "retry-initial-interval",
                        "1s",
                        "retry-max-interval",
                        "2s",
                        "retry-max-elapsed",
                        "3s",
                        "max-image-record",
                        "8MB"));
        assertThat(PropertiesBinding.defaults(ProblemProperties.class).retryAfter())
                .isEqualTo(Duration.ofSeconds(5));
        PropertiesBinding.assertEveryKeyBinds(ProblemProperties.class, Map.of("retry-after", "9s"));
        assertThat(PropertiesBinding.defaults(InternalTokenProperties.class).ttl())
                .isEqualTo(Duration.ofMinutes(5));
        PropertiesBinding.assertEveryKeyBinds(
                InternalTokenProperties.class,
                Map.of(
                        "jwks-uri",
                        "http://gateway/jwks",
                        "signing-key-file",
                        "/k.pem",
                        "ttl",
                        "1m",
                        "verified-tokens-cached",
                        "10"));
        assertThat(PropertiesBinding.defaults(InternalTokenProperties.class).verifiedTokensCached())
                .isEqualTo(100_000);
    }
}
