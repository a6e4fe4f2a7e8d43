package io.imagelake.testing;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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
     * The registries made with the YAML file {@code config} on the class path and the files it imports ({@code null}:
     * Boot's defaults alone), by the metrics exports the services have on their class path (Prometheus, and OTLP
     * through the OpenTelemetry starter).
     */
    public static void of(String config, Consumer<List<MeterRegistry>> registries) {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        MetricsAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class,
                        PrometheusMetricsExportAutoConfiguration.class,
                        OtlpMetricsExportAutoConfiguration.class));
        if (config != null) {
            runner = runner.withInitializer(context -> {
                var sources = context.getEnvironment().getPropertySources();
                imported(config).forEach(sources::addLast);
            });
        }
        // a context that failed to start throws its failure from getBeansOfType
        runner.run(context -> registries.accept(
                List.copyOf(context.getBeansOfType(MeterRegistry.class).values())));
    }

    /**
     * The file and what it imports ({@code spring.config.import} of {@code classpath:} files), highest precedence
     * first: as Boot's config data, an imported file overrides the one importing it.
     */
    private static List<PropertySource<?>> imported(String config) {
        PropertySource<?> file = yaml(config);
        List<PropertySource<?>> sources = new ArrayList<>();
        Object imports = file.getProperty("spring.config.import");
        if (imports != null) {
            for (String location : imports.toString().split(",")) {
                sources.addAll(imported(location.strip().replaceFirst("^classpath:", "")));
            }
        }
        sources.add(file);
        return sources;
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
