package io.imagelake.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a deployment (docker-compose, Kubernetes) may set on the services: the names they read. */
final class ServiceEnvironment {

    static final List<String> MODULES =
            List.of("ingest-api", "image-normalizer", "catalog-service", "query-service", "gateway");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z0-9.\\-]+)");
    /** Spring Boot's own keys a deployment may set. */
    private static final Set<String> SPRING_KEYS = Set.of(
            "server.port",
            "server.address",
            "management.opentelemetry.tracing.export.otlp.endpoint",
            "logging.structured.format.console");

    private ServiceEnvironment() {}

    /**
     * The environment names that bind to a property some service reads: keys of the generated
     * configuration metadata, placeholders in the services' YAML, and Spring's own server keys.
     */
    static Set<String> readableNames(Path repo) throws IOException {
        Set<String> properties = new HashSet<>(SPRING_KEYS);
        JsonMapper json = JsonMapper.builder().build();
        for (String module :
                Stream.concat(MODULES.stream(), Stream.of("service-support")).toList()) {
            Path metadata = repo.resolve(module).resolve("target/classes/META-INF/spring-configuration-metadata.json");
            if (Files.exists(metadata)) {
                for (JsonNode property : json.readTree(metadata.toFile()).get("properties")) {
                    properties.add(property.get("name").asString());
                }
            }
            try (Stream<Path> ymls = Files.find(
                    repo.resolve(module).resolve("src/main/resources"),
                    2,
                    (p, a) -> p.toString().endsWith(".yml"))) {
                for (Path yml : ymls.toList()) {
                    Matcher m = PLACEHOLDER.matcher(Files.readString(yml));
                    while (m.find()) {
                        properties.add(m.group(1));
                    }
                }
            }
        }
        Set<String> names = new HashSet<>();
        for (String property : properties) {
            // Spring Boot's relaxed binding: '.' and '-' become '_' (or '-' is dropped), upper case
            String upper = property.toUpperCase(Locale.ROOT);
            names.add(upper.replace('.', '_').replace('-', '_'));
            names.add(upper.replace(".", "_").replace("-", ""));
        }
        return names;
    }
}
