package io.imagelake.ingest.upload;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code lake.ingest.idempotency.*}. */
@Validated
@ConfigurationProperties("lake.ingest.idempotency")
public record IdempotencyProperties(
        /* a PENDING claim older than this belongs to a request that died: it may be taken over */
        @DefaultValue("2m") @NotNull Duration leaseTimeout) {}
