package io.imagelake.gateway.edge;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** {@code lake.gateway.edge.*}: what the gateway refuses before any byte of it reaches a service. */
@Validated
@ConfigurationProperties("lake.gateway.edge")
public record EdgeProperties(
        /* the largest request body: ingest-api's multipart limit (lake.ingest.upload.max-request-bytes, 26MB) */
        @DefaultValue("26MB") @NotNull DataSize maxRequestBytes,
        /* a refused request's body up to this size is read and thrown away before the answer, so a client that
        sends it without Expect: 100-continue reads the refusal, not a reset connection (past it: answered at once) */
        @DefaultValue("32MB") @NotNull DataSize refusedBodyDiscardBytes) {}
