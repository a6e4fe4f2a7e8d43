package io.imagelake.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.testing.MeterRegistries;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import org.junit.jupiter.api.Test;

/** Where the servlet services' metrics go: Prometheus scrapes them; nothing pushes them anywhere. */
class MetricsExportTest {

    @Test
    void theLakeDefaultsLeavePrometheusAloneAndPushNothingOverOtlp() {
        MeterRegistries.of(
                "lake-defaults.yml",
                registries -> assertThat(registries).hasExactlyElementsOfTypes(PrometheusMeterRegistry.class));
    }

    @Test
    void withoutThemSpringBootWouldPushEveryMeterToAnOtlpReceiverEachMinute() {
        MeterRegistries.of(
                null, registries -> assertThat(registries).hasAtLeastOneElementOfType(OtlpMeterRegistry.class));
    }
}
