package io.imagelake.ingest.imports;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** {@code lake.ingest.imports.*}: bulk imports. */
@Validated
@ConfigurationProperties("lake.ingest.imports")
public record ImportProperties(
        /*
         * What each tenant may import from: "bucket/prefix" roots. A tenant with no entry may read
         * "<default-bucket>/<tenant>/" only.
         */
        @DefaultValue Map<String, List<String>> sources,
        @DefaultValue("imports") String defaultBucket,
        @DefaultValue("512MB") @NotNull DataSize maxZipBytes,
        @DefaultValue("100000") @Min(1) int maxZipEntries,
        @DefaultValue("20") @Min(1) int checkpointEveryFiles,
        @DefaultValue("2s") @NotNull Duration pollInterval,
        /* a RUNNING job whose owner has not written for this long is taken over (the owner died) */
        @DefaultValue("30s") @NotNull Duration heartbeatTimeout,
        @DefaultValue("100") @Min(1) int maxFailuresKept) {

    public List<String> sourcesOf(String tenant) {
        return sources.getOrDefault(tenant, List.of(defaultBucket + "/" + tenant + "/"));
    }
}
