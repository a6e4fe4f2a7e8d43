package io.imagelake.query.stats;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code lake.query.*}: who query-service is to Trino, and who may see every tenant's numbers. */
@Validated
@ConfigurationProperties("lake.query")
public record QueryProperties(
        /* default in application.yml, which the datasource reads too */ @NotBlank
        String trinoUser,

        /* tenants whose stats are not restricted to their own rows */
        @DefaultValue List<String> adminTenants,
        /* at most this many rows in an answer: a wider question is refused (400), never cut short */
        @DefaultValue("10000") @Min(1) int maxRows,
        /* how long a stats question may take in Trino before it is cancelled */
        @DefaultValue("10s") @NotNull Duration timeout) {

    public boolean isAdmin(String tenant) {
        return Set.copyOf(adminTenants).contains(tenant);
    }
}
