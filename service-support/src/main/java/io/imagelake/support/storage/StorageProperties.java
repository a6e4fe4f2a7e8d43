package io.imagelake.support.storage;

import io.imagelake.contracts.Zone;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** The S3-compatible object store (MinIO in production, S3Proxy in the devstack): {@code lake.s3.*}. */
@Validated
@ConfigurationProperties("lake.s3")
public record StorageProperties(
        @NotNull URI endpoint,
        @NotBlank String accessKey,
        @NotBlank String secretKey,
        @DefaultValue("us-east-1") @NotBlank String region,
        @DefaultValue @Valid Buckets buckets,
        @DefaultValue("5s") @NotNull Duration connectTimeout,
        @DefaultValue("60s") @NotNull Duration readTimeout,
        @DefaultValue @Valid Retry retry,
        /* create missing zone buckets at startup (local stacks); production buckets are provisioned */
        @DefaultValue("true") boolean createBuckets,
        // whether the server checks If-None-Match and writes atomically (MinIO and S3 do); false for
        // S3Proxy, the embedded server, whose check and write are two steps (see ConditionalWrites)
        @DefaultValue("true") boolean atomicConditionalWrites) {

    /** Retries of small repeatable writes on a transient failure (see {@link TransientRetry}). */
    public record Retry(
            @DefaultValue("3") @PositiveOrZero int maxRetries,
            @DefaultValue("50ms") @NotNull Duration delay,
            @DefaultValue("3") @DecimalMin("1.0") double multiplier) {}

    public record Buckets(
            @DefaultValue("bronze") @NotBlank String bronze,
            @DefaultValue("silver") @NotBlank String silver,
            @DefaultValue("gold") @NotBlank String gold) {

        public String of(Zone zone) {
            return switch (zone) {
                case BRONZE -> bronze;
                case SILVER -> silver;
                case GOLD -> gold;
            };
        }
    }
}
