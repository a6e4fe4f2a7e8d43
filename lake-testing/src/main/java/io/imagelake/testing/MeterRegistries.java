package io.imagelake.testing;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.otlp.OtlpMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The meter registries Spring Boot's auto-configuration makes for a service's configuration file. A
 * {@code @SpringBootTest} cannot show them: Boot's test support switches every metrics export off.
 */
public final class MeterRegistries {

    private MeterRegistries() {}

    /**
     * The registries made with the YAML file {@code config} on the class path ({@code null}: Boot's defaults alone),
     * by the metrics exports the services have on their class path (Prometheus, and OTLP through the OpenTelemetry
     * starter).
     */
    public static void of(String config, Consumer<List<MeterRegistry>> registries) {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        MetricsAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class,
                        PrometheusMetricsExportAutoConfiguration.class,
                        OtlpMetricsExportAutoConfiguration.class));
        if (config != null) {
            runner = runner.withInitializer(
                    context -> context.getEnvironment().getPropertySources().addFirst(yaml(config)));
        }
        // a context that failed to start throws its failure from getBeansOfType
        runner.run(context -> registries.accept(
                List.copyOf(context.getBeansOfType(MeterRegistry.class).values())));
    }

    private static PropertySource<?> yaml(String config) {
        try {
            List<PropertySource<?>> documents =
                    new YamlPropertySourceLoader().load(config, new ClassPathResource(config));
            // the services' files are one document each
            return documents.getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
