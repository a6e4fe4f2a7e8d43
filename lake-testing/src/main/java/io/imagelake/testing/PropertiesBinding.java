package io.imagelake.testing;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

/**
 * Binds a {@code @ConfigurationProperties} record from a map of properties, with its
 * {@code @DefaultValue}s and its bean-validation constraints, as Spring Boot binds it at startup,
 * so a test checks defaults and mappings without starting a service (as Trino's
 * {@code TestMongoClientConfig} does).
 */
public final class PropertiesBinding {

    private PropertiesBinding() {}

    /** The record bound from {@code properties}, keys relative to its prefix (e.g. {@code sweep-interval}). */
    public static <T> T bind(Class<T> type, Map<String, String> properties) {
        String prefix = type.getAnnotation(ConfigurationProperties.class).value();
        String resolved = prefix.isEmpty()
                ? type.getAnnotation(ConfigurationProperties.class).prefix()
                : prefix;
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        properties.forEach((key, value) -> source.put(resolved + "." + key, value));
        try (LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean()) {
            validator.afterPropertiesSet();
            BindHandler validation = new ValidationBindHandler(validator);
            return new Binder(source).bindOrCreate(resolved, Bindable.of(type), validation);
        }
    }

    /** The record with nothing set but {@code required}: its defaults. */
    public static <T> T defaults(Class<T> type, Map<String, String> required) {
        return bind(type, required);
    }

    /** The record with nothing set: its defaults. */
    public static <T> T defaults(Class<T> type) {
        return bind(type, Map.of());
    }
}
