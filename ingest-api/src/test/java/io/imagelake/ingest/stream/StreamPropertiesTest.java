package io.imagelake.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagelake.testing.PropertiesBinding;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.util.unit.DataSize;

class StreamPropertiesTest {

    @Test
    void thePartnersStreamDefaultsAreTheContractsTopicAndGroup() {
        assertThat(PropertiesBinding.defaults(StreamProperties.class))
                .isEqualTo(new StreamProperties(
                        true,
                        "lake.images.incoming",
                        "lake.images.incoming.dlq",
                        "ingest-api-stream",
                        DataSize.ofMegabytes(25),
                        2,
                        256,
                        Duration.ofSeconds(2),
                        List.of()));
    }

    @Test
    void anEmptyTenantListAllowsEveryTenantAndAListOnlyItsOwn() {
        assertThat(PropertiesBinding.defaults(StreamProperties.class).allows("anyone"))
                .isTrue();
        StreamProperties acmeOnly = PropertiesBinding.bind(StreamProperties.class, Map.of("tenants", "acme"));
        assertThat(acmeOnly.allows("acme")).isTrue();
        assertThat(acmeOnly.allows("globex")).isFalse();
    }

    @Test
    void everyKeyMapsToItsComponent() {
        assertThat(PropertiesBinding.bind(
                        StreamProperties.class,
                        Map.of(
                                "enabled",
                                "false",
                                "topic",
                                "t",
                                "dead-letter-topic",
                                "t.dlq",
                                "group-id",
                                "g",
                                "max-bytes",
                                "1MB",
                                "concurrency",
                                "4",
                                "max-source-record-id-length",
                                "64",
                                "outage-retry-interval",
                                "5s",
                                "tenants",
                                "acme,globex")))
                .isEqualTo(new StreamProperties(
                        false,
                        "t",
                        "t.dlq",
                        "g",
                        DataSize.ofMegabytes(1),
                        4,
                        64,
                        Duration.ofSeconds(5),
                        List.of("acme", "globex")));
        assertThatThrownBy(() -> PropertiesBinding.bind(StreamProperties.class, Map.of("concurrency", "0")))
                .isInstanceOf(BindException.class);
        assertThatThrownBy(() -> PropertiesBinding.bind(StreamProperties.class, Map.of("topic", " ")))
                .isInstanceOf(BindException.class);
    }
}
