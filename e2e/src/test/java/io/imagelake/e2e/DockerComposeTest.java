package io.imagelake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.devstack.StackLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot run here (no Docker engine), so it is checked as text: every service
 * image of ours is a module of this repository, every platform service is in it, every mounted
 * file exists, and every variable it sets on our services is one they actually read.
 */
class DockerComposeTest {

    private final Path repo = StackLayout.findRepo();

    @Test
    void everyImageOfOursIsAModuleAndEveryModuleRuns() throws IOException {
        Map<String, Map<String, Object>> services = services();
        Set<String> modulesInCompose = new HashSet<>();
        services.forEach((name, service) -> {
            String image = String.valueOf(service.get("image"));
            if (image.startsWith("imagelake/")) {
                String module = image.substring("imagelake/".length(), image.indexOf(':'));
                assertThat(repo.resolve(module).resolve("pom.xml"))
                        .as("module of service " + name)
                        .exists();
                modulesInCompose.add(module);
            }
        });
        assertThat(modulesInCompose).containsExactlyInAnyOrderElementsOf(ServiceEnvironment.MODULES);
        assertThat(services)
                .containsKeys("kafka", "minio", "mongo", "trino", "prometheus", "alertmanager", "grafana", "jaeger");
    }

    @Test
    void everyMountedFileExists() throws IOException {
        services().forEach((name, service) -> {
            for (Object volume : (List<?>) service.getOrDefault("volumes", List.of())) {
                String source = String.valueOf(volume).split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(repo.resolve(source)).as("mount of " + name).exists();
                }
            }
        });
    }

    @Test
    void everyVariableSetOnOurServicesIsOneTheyRead() throws IOException {
        Set<String> readable = ServiceEnvironment.readableNames(repo);
        services().forEach((name, service) -> {
            if (!String.valueOf(service.get("image")).startsWith("imagelake/")) {
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> environment = (Map<String, Object>) service.getOrDefault("environment", Map.of());
            assertThat(environment.keySet())
                    .as("variables of " + name + " that no service reads")
                    .allSatisfy(variable -> assertThat(readable).contains(variable));
        });
    }

    @Test
    void theCheckItselfRejectsAVariableNobodyReads() throws IOException {
        assertThat(ServiceEnvironment.readableNames(repo))
                .contains("LAKE_KAFKA_BOOTSTRAP", "LAKE_S3_ACCESS_KEY", "LAKE_GATEWAY_INGEST_URIS")
                .doesNotContain("LAKE_KAFKA_BOOTSTRAP_SERVERS", "LAKE_S3_PASSWORD");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyServiceWithAKafkaClientHasItsOwnPrincipalWhichKafkaInitCreatesAndThePartnerWritesOnlyTheStream()
            throws IOException {
        Map<String, Map<String, Object>> services = services();
        String init =
                String.join("\n", (List<String>) services.get("kafka-init").get("entrypoint"));
        for (String name : List.of("ingest-api-1", "ingest-api-2", "image-normalizer", "catalog-service")) {
            Map<String, Object> environment =
                    (Map<String, Object>) services.get(name).get("environment");
            Object user = environment.get("LAKE_KAFKA_USERNAME");
            assertThat(user).as(name + "'s Kafka principal").isNotNull();
            assertThat(environment.get("LAKE_KAFKA_SECURITY_PROTOCOL")).isEqualTo("SASL_PLAINTEXT");
            assertThat(init).as("kafka-init makes " + user).contains("user " + user + " ");
            assertThat(String.valueOf(((Map<String, Object>) services.get(name).get("depends_on")).keySet()))
                    .contains("kafka-init");
        }
        assertThat(init)
                .contains(
                        "--allow-principal User:partner --operation Write --operation Describe --topic lake.images.incoming");
        assertThat(init.lines().filter(line -> line.contains("User:partner"))).hasSize(2);
        Map<String, Object> kafka = (Map<String, Object>) services.get("kafka").get("environment");
        assertThat(kafka.get("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND")).isEqualTo("false");
        assertThat(String.valueOf(kafka.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")))
                .doesNotContain(":PLAINTEXT");
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesTheServicesAndEveryInfrastructureServerThroughServicesThatExist() throws IOException {
        Map<String, Map<String, Object>> services = services();
        Map<String, Object> prometheus =
                new Yaml(new LoaderOptions()).load(Files.readString(repo.resolve("deploy/prometheus/prometheus.yml")));
        Map<String, List<String>> targets = new HashMap<>();
        for (Map<String, Object> job : (List<Map<String, Object>>) prometheus.get("scrape_configs")) {
            List<String> hosts = new ArrayList<>();
            for (Map<String, Object> group : (List<Map<String, Object>>) job.get("static_configs")) {
                for (String target : (List<String>) group.get("targets")) {
                    hosts.add(target);
                }
            }
            targets.put(String.valueOf(job.get("job_name")), hosts);
        }
        assertThat(targets).containsOnlyKeys("imagelake", "kafka", "trino", "minio", "mongodb");
        targets.forEach((job, hosts) -> assertThat(hosts)
                .as("job " + job + " scrapes compose services")
                .isNotEmpty()
                .allSatisfy(target -> assertThat(services).containsKey(target.substring(0, target.indexOf(':')))));

        Map<String, Object> kafka = (Map<String, Object>) services.get("kafka").get("environment");
        assertThat(String.valueOf(kafka.get("KAFKA_PROMETHEUS_METRICS_REPORTER_LISTENER")))
                .as("the broker's reporter listens where Prometheus scrapes")
                .endsWith(":" + port(targets.get("kafka").getFirst()));
        assertThat(String.valueOf(kafka.get("CLASSPATH"))).startsWith("/opt/kafka-metrics-reporter/");
        String fetch = String.join(
                "\n", (List<String>) services.get("kafka-metrics-reporter").get("entrypoint"));
        assertThat(fetch)
                .as("the compose reporter is the devstack broker's (devstack/servers/kafka/pom.xml)")
                .contains("get io/strimzi metrics-reporter " + pomVersion("io.strimzi", "metrics-reporter") + "\n")
                .contains(
                        "\"prometheus-metrics-$$jar\" " + pomVersion("io.prometheus", "prometheus-metrics-bom") + "\n");
        assertThat(((Map<String, Object>) services.get("minio").get("environment")).get("MINIO_PROMETHEUS_AUTH_TYPE"))
                .isEqualTo("public");
    }

    /** Containers that run once and exit (their dependants wait for service_completed_successfully). */
    private static final Set<String> ONE_SHOT =
            Set.of("identity-init", "trino-init", "kafka-metrics-reporter", "kafka-init");
    /** Long-running containers that cannot check themselves, and why. */
    private static final Map<String, String> NO_SELF_CHECK = Map.of(
            "mongodb-exporter", "no shell or client in the image: Prometheus' up{job=\"mongodb\"} is its health");
    /** What a user reaches from outside: the API, the ops UIs, the identity provider and the partner's Kafka. */
    private static final Map<String, String> PUBLISHED = Map.of(
            "gateway", "8080:8080",
            "grafana", "3000:3000",
            "jaeger", "16686:16686",
            "minio", "9001:9001",
            "keycloak", "8180:8080",
            "superset", "8088:8088",
            "kafka", "29092:29092");

    @Test
    @SuppressWarnings("unchecked")
    void everyLongRunningContainerHasAHealthcheckARestartPolicyAndLimits() throws IOException {
        services().forEach((name, service) -> {
            if (ONE_SHOT.contains(name)) {
                assertThat(service).as(name + " runs once").doesNotContainKey("restart");
                return;
            }
            assertThat(service.get("restart")).as(name + "'s restart policy").isEqualTo("unless-stopped");
            Map<String, Object> limits = (Map<String, Object>)
                    ((Map<String, Object>) ((Map<String, Object>) service.getOrDefault("deploy", Map.of()))
                                    .getOrDefault("resources", Map.of()))
                            .getOrDefault("limits", Map.of());
            assertThat(limits).as(name + "'s resource limits").containsKeys("cpus", "memory");
            if (!NO_SELF_CHECK.containsKey(name)) {
                Map<String, Object> health = (Map<String, Object>) service.get("healthcheck");
                assertThat(health).as(name + "'s healthcheck").isNotNull().containsKey("test");
                assertThat(String.valueOf(health.get("test"))).startsWith("[CMD");
            }
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyContainerStartsOnlyOnceWhatItDependsOnIsHealthyOrDone() throws IOException {
        Map<String, Map<String, Object>> services = services();
        services.forEach((name, service) -> {
            Object dependsOn = service.get("depends_on");
            if (dependsOn == null) {
                return;
            }
            assertThat(dependsOn)
                    .as(name + "'s depends_on names a condition for each")
                    .isInstanceOf(Map.class);
            ((Map<String, Map<String, Object>>) dependsOn).forEach((dependency, how) -> {
                assertThat(services)
                        .as(name + " depends on a service of the file")
                        .containsKey(dependency);
                String expected = ONE_SHOT.contains(dependency)
                        ? "service_completed_successfully"
                        : NO_SELF_CHECK.containsKey(dependency) ? "service_started" : "service_healthy";
                assertThat(how.get("condition"))
                        .as(name + " waits for " + dependency)
                        .isEqualTo(expected);
            });
        });
        // the gateway last: every service it routes to is ready before it takes a request
        assertThat(((Map<String, Object>) services.get("gateway").get("depends_on")).keySet())
                .contains("ingest-api-1", "ingest-api-2", "catalog-service", "query-service", "image-normalizer");
    }

    @Test
    void onlyWhatAUserNeedsIsPublished() throws IOException {
        Map<String, String> published = new HashMap<>();
        services().forEach((name, service) -> {
            for (Object mapping : (List<?>) service.getOrDefault("ports", List.of())) {
                assertThat(published.put(name, String.valueOf(mapping)))
                        .as(name + " publishes one port")
                        .isNull();
            }
        });
        assertThat(published).isEqualTo(PUBLISHED);
    }

    @Test
    void everyCredentialComesFromTheEnvFileAndTheCommittedOneIsMarkedLocalOnly() throws IOException {
        String compose = Files.readString(repo.resolve("docker-compose.yml"));
        Map<String, String> sandbox = new HashMap<>();
        for (String line : Files.readAllLines(repo.resolve("deploy/compose/local-only.env"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                sandbox.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        Matcher variable = Pattern.compile("\\$\\{([A-Z0-9_]+)(:?[-?])?").matcher(compose);
        Set<String> required = new HashSet<>();
        while (variable.find()) {
            String name = variable.group(1);
            if (name.matches(".*(PASSWORD|SECRET|KEY).*")) {
                assertThat(variable.group(2))
                        .as(name + " has no default in the compose file: it comes from .env")
                        .isEqualTo(":?");
                required.add(name);
            }
        }
        assertThat(required).as("credentials the compose file reads").hasSizeGreaterThanOrEqualTo(10);
        assertThat(sandbox.keySet())
                .as("the sandbox .env names every credential")
                .isEqualTo(required);
        assertThat(sandbox.values()).allSatisfy(value -> assertThat(value).startsWith("local-only-"));
        assertThat(Files.readString(repo.resolve(".gitignore")).lines()).contains(".env");
    }

    private static String port(String target) {
        return target.substring(target.indexOf(':') + 1);
    }

    private String pomVersion(String group, String artifact) throws IOException {
        Matcher m = Pattern.compile("<groupId>" + Pattern.quote(group) + "</groupId>\\s*<artifactId>"
                        + Pattern.quote(artifact) + "</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(repo.resolve("devstack/servers/kafka/pom.xml")));
        assertThat(m.find())
                .as(group + ":" + artifact + " in the kafka server's pom")
                .isTrue();
        return m.group(1);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> services() throws IOException {
        Yaml yaml = new Yaml(new LoaderOptions());
        Map<String, Object> compose = yaml.load(Files.readString(repo.resolve("docker-compose.yml")));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }
}
