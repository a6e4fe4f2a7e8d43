package io.imagelake.ingest.bronze;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code lake.ingest.reconciler.*}: when an unconfirmed bronze write is re-announced. */
@Validated
@ConfigurationProperties("lake.ingest.reconciler")
public record ReconcilerProperties(
        @DefaultValue("30s") @NotNull Duration interval,
        /* a marker younger than this may belong to an upload still in flight */
        @DefaultValue("2m") @NotNull Duration delay,
        /* a marker whose original never got stored is dropped after this */
        @DefaultValue("15m") @NotNull Duration abandonAfter,
        @DefaultValue("200ms") @NotNull Duration clearInterval) {}
