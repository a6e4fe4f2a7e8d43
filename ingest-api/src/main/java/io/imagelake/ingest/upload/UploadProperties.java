package io.imagelake.ingest.upload;

import io.imagelake.support.errors.InvalidRequestException;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** {@code lake.ingest.upload.*}: the limits of a REST upload. */
@Validated
@ConfigurationProperties("lake.ingest.upload")
public record UploadProperties(
        /* default in application.yml, which the multipart limits read too */ @NotNull
        DataSize maxBytes,

        @NotNull DataSize maxRequestBytes,
        @DefaultValue("128") int maxIdempotencyKeyLength,
        @DefaultValue("100") int maxBatchFiles) {

    /** An Idempotency-Key as every upload path takes it: absent, or 1 to the maximum characters. */
    public void checkIdempotencyKey(String key) {
        if (key != null && (key.isBlank() || key.length() > maxIdempotencyKeyLength)) {
            throw InvalidRequestException.of("Idempotency-Key", "must be 1-" + maxIdempotencyKeyLength + " characters");
        }
    }
}
