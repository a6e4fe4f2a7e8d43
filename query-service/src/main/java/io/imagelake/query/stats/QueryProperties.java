package io.imagelake.query.stats;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
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
        @DefaultValue("10000") @Min(1) int maxRows) {

    public boolean isAdmin(String tenant) {
        return Set.copyOf(adminTenants).contains(tenant);
    }
}
