package io.imagelake.testing;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

    /**
     * Binds {@code every} (a value other than the default for each key) and {@code required} alone
     * (the defaults), and fails naming each component, nested ones included, that {@code every}
     * left at its default: a key that reaches no component, or a component no key reaches.
     * Returns the record bound from {@code every}, for further checks.
     */
    public static <T> T assertEveryKeyBinds(Class<T> type, Map<String, String> required, Map<String, String> every) {
        Map<String, String> all = new HashMap<>(required);
        all.putAll(every);
        T full = bind(type, all);
        List<String> unbound = new ArrayList<>();
        compare(type.getSimpleName(), full, bind(type, required), unbound);
        if (!unbound.isEmpty()) {
            throw new AssertionError("left at their defaults: " + unbound);
        }
        return full;
    }

    public static <T> T assertEveryKeyBinds(Class<T> type, Map<String, String> every) {
        return assertEveryKeyBinds(type, Map.of(), every);
    }

    private static void compare(String path, Object full, Object defaults, List<String> unbound) {
        for (RecordComponent component : full.getClass().getRecordComponents()) {
            Object a = value(component, full);
            Object b = defaults == null ? null : value(component, defaults);
            String name = path + "." + component.getName();
            if (a != null && a.getClass().isRecord()) {
                compare(name, a, b, unbound);
            } else if (Objects.equals(a, b)) {
                unbound.add(name);
            }
        }
    }

    private static Object value(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
