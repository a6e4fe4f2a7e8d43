package io.imagelake.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.DefaultValue;

class PropertiesBindingTest {

    @ConfigurationProperties("lake.sample")
    record Sample(
            @DefaultValue("3") @Min(1) int count,
            @DefaultValue("1s") Duration every,
            @DefaultValue Inner inner) {
        record Inner(@DefaultValue("a") String name) {}
    }

    @Test
    void defaultsAndValidationAreSpringsOwn() {
        assertThat(PropertiesBinding.defaults(Sample.class))
                .isEqualTo(new Sample(3, Duration.ofSeconds(1), new Sample.Inner("a")));
        assertThatThrownBy(() -> PropertiesBinding.bind(Sample.class, Map.of("count", "0")))
                .isInstanceOf(BindException.class);
    }

    @Test
    void aComponentNoKeyReachesIsNamed() {
        assertThat(PropertiesBinding.assertEveryKeyBinds(
                        Sample.class, Map.of("count", "5", "every", "2s", "inner.name", "b")))
                .isEqualTo(new Sample(5, Duration.ofSeconds(2), new Sample.Inner("b")));
        assertThatThrownBy(() -> PropertiesBinding.assertEveryKeyBinds(
                        Sample.class, Map.of("count", "5", "evry", "2s", "inner.name", "a")))
                .hasMessageContaining("Sample.every")
                .hasMessageContaining("Sample.inner.name");
    }
}
