package io.imagelake.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.testing.MeterRegistries;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The gateway's metrics, as the services' (both import lake-metrics.yml): scraped, never pushed. */
class MetricsExportTest {

    @Test
    void prometheusScrapesTheGatewayAndNothingIsPushedOverOtlp() {
        MeterRegistries.of(
                "application.yml",
                registries -> assertThat(registries).hasExactlyElementsOfTypes(PrometheusMeterRegistry.class));
    }
}
