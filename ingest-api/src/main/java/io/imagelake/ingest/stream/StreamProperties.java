package io.imagelake.ingest.stream;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** {@code lake.ingest.stream.*}: the partner web app's Kafka image stream. */
@Validated
@ConfigurationProperties("lake.ingest.stream")
public record StreamProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("lake.images.incoming") @NotBlank String topic,
        @DefaultValue("lake.images.incoming.dlq") @NotBlank String deadLetterTopic,
        @DefaultValue("ingest-api-stream") @NotBlank String groupId,
        @DefaultValue("25MB") @NotNull DataSize maxBytes,
        @DefaultValue("2") @Min(1) int concurrency,
        @DefaultValue("256") @Min(1) int maxSourceRecordIdLength,
        /* while S3 or Kafka is down the record is retried at this interval, never dropped */
        @DefaultValue("2s") @NotNull Duration outageRetryInterval,
        /* the tenants the partner may send images for (empty: any); others are dead-lettered, TENANT_NOT_ALLOWED */
        @DefaultValue List<String> tenants) {

    /** Whether the partner may send images for this tenant. */
    public boolean allows(String tenant) {
        return tenants.isEmpty() || tenants.contains(tenant);
    }
}
