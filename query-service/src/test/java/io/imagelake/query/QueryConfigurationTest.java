package io.imagelake.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagelake.query.stats.QueryProperties;
import io.imagelake.testing.PropertiesBinding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;

class QueryConfigurationTest {

    private static final Map<String, String> USER = Map.of("trino-user", "lake-query");

    @Test
    void theTrinoTableAndTheRowLimit() {
        assertThat(PropertiesBinding.defaults(QueryProperties.class, USER))
                .isEqualTo(new QueryProperties("lake-query", "mongodb", "lake", List.of(), 10_000));
        PropertiesBinding.assertEveryKeyBinds(
                QueryProperties.class,
                USER,
                Map.of(
                        "trino-user",
                        "analyst",
                        "catalog",
                        "iceberg",
                        "schema",
                        "marts",
                        "admin-tenants",
                        "ops",
                        "max-rows",
                        "5"));
        assertThatThrownBy(
                        () -> PropertiesBinding.bind(QueryProperties.class, Map.of("trino-user", "u", "schema", "x;y")))
                .as("an identifier pasted into SQL")
                .isInstanceOf(BindException.class);
    }
}
