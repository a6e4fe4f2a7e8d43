package io.imagelake.ingest.upload;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** {@code lake.ingest.upload.*}: the limits of a REST upload. */
@Validated
@ConfigurationProperties("lake.ingest.upload")
public record UploadProperties(
        @DefaultValue("25MB") @NotNull DataSize maxBytes,
        @DefaultValue("26MB") @NotNull DataSize maxRequestBytes,
        @DefaultValue("128") int maxIdempotencyKeyLength,
        @DefaultValue("100") int maxBatchFiles) {
}
