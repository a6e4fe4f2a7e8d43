package io.imagelake.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagelake.query.marts.MartsProperties;
import io.imagelake.query.stats.QueryProperties;
import io.imagelake.testing.PropertiesBinding;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;

class QueryConfigurationTest {

    private static final Map<String, String> USER = Map.of("trino-user", "lake-query");

    @Test
    void theTrinoUserTheAdminsAndTheRowLimit() {
        assertThat(PropertiesBinding.defaults(QueryProperties.class, USER))
                .isEqualTo(new QueryProperties("lake-query", List.of(), 10_000, Duration.ofSeconds(10)));
        PropertiesBinding.assertEveryKeyBinds(
                QueryProperties.class,
                USER,
                Map.of("trino-user", "analyst", "admin-tenants", "ops", "max-rows", "5", "timeout", "3s"));
        assertThatThrownBy(
                        () -> PropertiesBinding.bind(QueryProperties.class, Map.of("trino-user", "u", "max-rows", "0")))
                .isInstanceOf(BindException.class);
    }

    @Test
    void theMartsRefreshEveryThirtySecondsReadingTwoMinutesBackAndAreMaintainedEverySixHours() {
        assertThat(PropertiesBinding.defaults(MartsProperties.class, Map.of()))
                .isEqualTo(
                        new MartsProperties(true, Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofHours(6)));
        PropertiesBinding.assertEveryKeyBinds(
                MartsProperties.class,
                Map.of(),
                Map.of(
                        "enabled", "false",
                        "refresh-interval", "10s",
                        "lookback", "1m",
                        "maintenance-interval", "1h"));
    }
}
