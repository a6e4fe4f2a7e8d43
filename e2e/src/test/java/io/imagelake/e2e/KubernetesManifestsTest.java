package io.imagelake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.imagelake.contracts.Topics;
import io.imagelake.devstack.StackLayout;
import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * No cluster runs here, so the manifests of {@code deploy/k8s} are read with fabric8's Kubernetes model: each is a
 * resource of its kind with no field the kind does not have, every service module runs as a Deployment of its own
 * image with probes on its actuator groups, every variable set is one the services read, the scalers scale what
 * the architecture says on what it says, and only the gateway is reachable from outside.
 */
class KubernetesManifestsTest {

    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
    /** The Secrets the manifests reference; docs/kubernetes.md says who makes each. */
    private static final Set<String> SECRETS = Set.of(
            "imagelake-s3",
            "imagelake-mongo",
            "imagelake-oidc",
            "imagelake-signing-key",
            "imagelake-webhooks",
            "ingest-api",
            "image-normalizer",
            "catalog-service");

    private final Path repo = StackLayout.findRepo();
    private final Path base = repo.resolve("deploy/k8s/base");
    private final Path infrastructure = repo.resolve("deploy/k8s/infrastructure");

    @Test
    void theKustomizationListsEveryManifestAndOnlyFilesThatExist() throws IOException {
        for (Path dir : List.of(base, infrastructure)) {
            Set<String> files;
            try (Stream<Path> yamls = Files.list(dir)) {
                files = yamls.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                        .collect(Collectors.toCollection(TreeSet::new));
            }
            assertThat(new TreeSet<>(kustomization(dir).get("resources")))
                    .as(dir.toString())
                    .isEqualTo(files);
        }
        Map<String, List<String>> production = kustomization(repo.resolve("deploy/k8s/overlays/production"));
        assertThat(production.get("resources")).containsExactly("../../base");
    }

    @Test
    void everyManifestIsAResourceOfItsKindWithNoFieldItsKindLacks() throws IOException {
        List<HasMetadata> resources = resources();
        assertThat(resources).hasSizeGreaterThan(25);
        for (HasMetadata resource : resources) {
            String what = resource.getKind() + " " + resource.getMetadata().getName();
            assertThat(resource.getMetadata().getName()).as(what).isNotBlank();
            if (!(resource instanceof GenericKubernetesResource)) {
                assertThat(unknownFields(resource, ""))
                        .as(what + ": fields its kind does not have")
                        .isEmpty();
            }
        }
        assertThat(resources)
                .filteredOn(r -> r instanceof GenericKubernetesResource)
                .extracting(HasMetadata::getKind)
                .as("only the operators' kinds are not in the Kubernetes model")
                .allMatch(kind -> Set.of("ScaledObject", "TriggerAuthentication", "ServiceMonitor", "PrometheusRule")
                        .contains(kind));
    }

    @Test
    void everyModuleRunsAsADeploymentOfItsImageWithProbesOnItsActuatorGroupsAndLimits() throws IOException {
        List<Deployment> deployments = of(Deployment.class);
        assertThat(deployments)
                .extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(ServiceEnvironment.MODULES);
        for (Deployment deployment : deployments) {
            String name = deployment.getMetadata().getName();
            Container container =
                    deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertThat(container.getImage()).as(name).isEqualTo("imagelake/" + name + ":0.1.0-SNAPSHOT");
            assertThat(container.getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getName()).isEqualTo("http");
                assertThat(port.getContainerPort()).isEqualTo(8080);
            });
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(container.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).as(name).containsKeys("cpu", "memory");
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem())
                    .isTrue();
            assertThat(deployment
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getSecurityContext()
                            .getRunAsNonRoot())
                    .isTrue();
            assertThat(deployment.getSpec().getSelector().getMatchLabels())
                    .isEqualTo(Map.of("app.kubernetes.io/name", name));
        }
        assertThat(String.valueOf(of(ConfigMap.class).getFirst().getData().get("SERVER_PORT")))
                .as("the port the probes and Services use")
                .isEqualTo("8080");
    }

    @Test
    void everyVariableSetIsOneTheServicesReadAndEverySecretIsOneTheDocsName() throws IOException {
        Set<String> readable = ServiceEnvironment.readableNames(repo);
        Set<String> secrets = new HashSet<>();
        List<String> set =
                new ArrayList<>(of(ConfigMap.class).getFirst().getData().keySet());
        for (Deployment deployment : of(Deployment.class)) {
            var pod = deployment.getSpec().getTemplate().getSpec();
            for (EnvVar env : pod.getContainers().getFirst().getEnv()) {
                set.add(env.getName());
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    secrets.add(env.getValueFrom().getSecretKeyRef().getName());
                }
            }
            pod.getVolumes().stream()
                    .filter(v -> v.getSecret() != null)
                    .forEach(v -> secrets.add(v.getSecret().getSecretName()));
        }
        assertThat(set)
                .as("variables no service reads")
                .allSatisfy(name -> assertThat(readable).contains(name));
        assertThat(secrets).isEqualTo(SECRETS);
        String docs = Files.readString(repo.resolve("docs/kubernetes.md"));
        assertThat(SECRETS).allSatisfy(secret -> assertThat(docs).contains("`" + secret + "`"));
    }

    @Test
    void servicesDisruptionBudgetsAndScalersTargetTheDeploymentsTheArchitectureSays() throws IOException {
        Set<String> modules = Set.copyOf(ServiceEnvironment.MODULES);
        assertThat(of(Service.class)).allSatisfy(service -> {
            assertThat(modules).contains(service.getSpec().getSelector().get("app.kubernetes.io/name"));
            assertThat(service.getMetadata().getLabels()).containsEntry("app.kubernetes.io/part-of", "imagelake");
        });
        assertThat(of(PodDisruptionBudget.class))
                .extracting(p -> p.getSpec().getSelector().getMatchLabels().get("app.kubernetes.io/name"))
                .containsExactlyInAnyOrderElementsOf(modules);
        // stateless request handlers scale on CPU
        assertThat(of(HorizontalPodAutoscaler.class))
                .extracting(h -> h.getSpec().getScaleTargetRef().getName())
                .containsExactlyInAnyOrder("gateway", "ingest-api");
        // consumer groups scale on their lag, per topic they consume, as the group their application.yml names
        Map<String, Set<String>> consumes = Map.of(
                "image-normalizer", Set.of(Topics.INGESTED),
                "catalog-service", Set.of(Topics.INGESTED, Topics.NORMALIZED, Topics.REJECTED, Topics.PROMOTED));
        List<GenericKubernetesResource> scaled = generic("ScaledObject");
        assertThat(scaled)
                .extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(consumes.keySet());
        for (GenericKubernetesResource object : scaled) {
            String target = object.get("spec", "scaleTargetRef", "name");
            List<Map<String, Object>> triggers = object.get("spec", "triggers");
            String group = groupIdOf(target);
            assertThat(triggers).allSatisfy(trigger -> {
                assertThat(trigger.get("type")).isEqualTo("kafka");
                @SuppressWarnings("unchecked")
                Map<String, Object> metadata = (Map<String, Object>) trigger.get("metadata");
                assertThat(metadata.get("consumerGroup")).as(target).isEqualTo(group);
            });
            assertThat(triggers.stream()
                            .map(t -> String.valueOf(((Map<?, ?>) t.get("metadata")).get("topic")))
                            .collect(Collectors.toSet()))
                    .as(target + "'s topics")
                    .isEqualTo(consumes.get(target));
        }
    }

    @Test
    void onlyTheGatewayIsReachableFromOutsideAndPrometheusScrapesEveryService() throws IOException {
        List<NetworkPolicy> policies = of(NetworkPolicy.class);
        assertThat(policies)
                .anySatisfy(p -> {
                    assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
                    assertThat(p.getSpec().getIngress()).isNullOrEmpty();
                })
                .as("a default deny of ingress");
        Set<String> open = new HashSet<>();
        for (NetworkPolicy policy : policies) {
            for (var rule :
                    Objects.requireNonNullElse(policy.getSpec().getIngress(), List.<NetworkPolicyIngressRule>of())) {
                if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
                    open.add(policy.getSpec().getPodSelector().getMatchLabels().get("app.kubernetes.io/name"));
                }
            }
        }
        assertThat(open).as("pods any source may reach").containsExactly("gateway");
        GenericKubernetesResource monitor = generic("ServiceMonitor").getFirst();
        assertThat((Map<String, Object>) monitor.get("spec", "selector", "matchLabels"))
                .containsEntry("app.kubernetes.io/part-of", "imagelake");
        List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
        assertThat(endpoints)
                .singleElement()
                .satisfies(e -> assertThat(e.get("path")).isEqualTo("/actuator/prometheus"));
    }

    @Test
    void thePrometheusRuleCarriesTheAlertRulesFileAsItIs() throws IOException {
        Map<String, Object> rules = new Yaml(new LoaderOptions())
                .load(Files.readString(repo.resolve("deploy/prometheus/rules/imagelake.rules.yml")));
        GenericKubernetesResource rule = generic("PrometheusRule").getFirst();
        assertThat((Object) rule.get("spec", "groups"))
                .as("deploy/k8s/base/monitoring.yaml's groups are the rules file's (copy them over after an edit)")
                .isEqualTo(rules.get("groups"));
    }

    @Test
    void theInfrastructureGivesEachServiceItsKafkaUserThePartnerTheStreamOnlyAndTheLakeItsBuckets() throws IOException {
        List<HasMetadata> infra = resources(infrastructure);
        Map<String, GenericKubernetesResource> users = infra.stream()
                .filter(r -> r.getKind().equals("KafkaUser"))
                .collect(Collectors.toMap(r -> r.getMetadata().getName(), r -> (GenericKubernetesResource) r));
        assertThat(users.keySet())
                .containsExactlyInAnyOrder("ingest-api", "image-normalizer", "catalog-service", "partner");
        List<Map<String, Object>> partner = users.get("partner").get("spec", "authorization", "acls");
        assertThat(partner).hasSize(2).anySatisfy(acl -> {
            assertThat(acl.get("resource"))
                    .isEqualTo(Map.of("type", "topic", "name", Topics.INCOMING, "patternType", "literal"));
            assertThat(acl.get("operations")).isEqualTo(List.of("Write", "Describe"));
        });
        GenericKubernetesResource kafka = infra.stream()
                .filter(r -> r.getKind().equals("Kafka"))
                .map(r -> (GenericKubernetesResource) r)
                .findFirst()
                .orElseThrow();
        assertThat(kafka.getMetadata().getName())
                .as("the cluster name in the bootstrap address")
                .isEqualTo("imagelake");
        int partitions = ((Number) kafka.get("spec", "kafka", "config", "num.partitions")).intValue();
        assertThat(generic("ScaledObject"))
                .as("no scaler runs more consumers than a topic has partitions")
                .allSatisfy(o -> assertThat(((Number) o.get("spec", "maxReplicaCount")).intValue())
                        .isLessThanOrEqualTo(partitions));
        GenericKubernetesResource tenant = infra.stream()
                .filter(r -> r.getKind().equals("Tenant"))
                .map(r -> (GenericKubernetesResource) r)
                .findFirst()
                .orElseThrow();
        List<Map<String, Object>> buckets = tenant.get("spec", "buckets");
        assertThat(buckets).extracting(b -> b.get("name")).containsExactlyInAnyOrder("bronze", "silver", "gold");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theChartsValuesCarryTheLakesTrinoFilesItsRealmAndItsCatalog() throws IOException {
        Path values = infrastructure.resolve("values");
        Yaml yaml = new Yaml(new LoaderOptions());
        Map<String, Object> trino = yaml.load(Files.readString(values.resolve("trino.yaml")));
        assertThat(((Map<String, String>) trino.get("catalogs")).get("mongodb").strip())
                .as("the chart's catalog is the compose file's")
                .isEqualTo(Files.readString(repo.resolve("deploy/trino/catalog/mongodb.properties"))
                        .strip());
        assertThat(((Map<String, String>) trino.get("catalogs")).get("iceberg").strip())
                .as("the chart's marts catalog is the compose file's")
                .isEqualTo(Files.readString(repo.resolve("deploy/trino/catalog/iceberg.properties"))
                        .strip());
        Set<String> trinoEnv = ((List<Map<String, Object>>) trino.get("env"))
                .stream().map(e -> String.valueOf(e.get("name"))).collect(Collectors.toSet());
        Matcher catalogEnv = Pattern.compile("\\$\\{ENV:([A-Z_]+)}")
                .matcher(Files.readString(repo.resolve("deploy/trino/catalog/iceberg.properties"))
                        + Files.readString(repo.resolve("deploy/trino/catalog/mongodb.properties")));
        while (catalogEnv.find()) {
            assertThat(trinoEnv)
                    .as("the coordinator's environment sets what the catalogs read")
                    .contains(catalogEnv.group(1));
        }
        String catalogSql = resources(infrastructure).stream()
                .filter(r ->
                        r instanceof ConfigMap c && c.getMetadata().getName().equals("iceberg-catalog-sql"))
                .map(r -> ((ConfigMap) r).getData().get("iceberg-catalog.sql"))
                .findFirst()
                .orElseThrow();
        assertThat(catalogSql.strip())
                .as("the marts' catalog tables are created as docker-compose and devstack create them")
                .isEqualTo(Files.readString(repo.resolve("deploy/postgres/iceberg-catalog.sql"))
                        .strip());
        String rules = ((Map<String, Map<String, String>>) trino.get("accessControl"))
                .get("rules")
                .get("rules.json");
        assertThat(KUBERNETES.unmarshal(rules, Map.class))
                .as("the chart's access rules are the compose file's")
                .isEqualTo(KUBERNETES.unmarshal(Files.readString(repo.resolve("deploy/trino/rules.json")), Map.class));

        Map<String, Object> keycloak = yaml.load(Files.readString(values.resolve("keycloak.yaml")));
        Set<String> set = ((List<Map<String, Object>>) yaml.load((String) keycloak.get("extraEnv")))
                .stream().map(e -> String.valueOf(e.get("name"))).collect(Collectors.toSet());
        Matcher placeholder = Pattern.compile("\\$\\{([A-Z_]+)}")
                .matcher(Files.readString(repo.resolve("deploy/keycloak/imagelake-realm.json")));
        Set<String> needed = new HashSet<>();
        while (placeholder.find()) {
            needed.add(placeholder.group(1));
        }
        assertThat(needed).isNotEmpty();
        assertThat(set).as("every placeholder of the realm file is set").containsAll(needed);

        String superset = Files.readString(values.resolve("superset.yaml"));
        String trinoUrl = of(ConfigMap.class).getFirst().getData().get("LAKE_TRINO_URL");
        assertThat(superset)
                .as("Superset reads the marts as the admin analyst, on the Trino the services use")
                .contains("sqlalchemy_uri: trino://admin@" + trinoUrl.substring("jdbc:trino://".length())
                        + "/iceberg/marts");
    }

    private List<HasMetadata> resources() throws IOException {
        return resources(base);
    }

    private List<HasMetadata> resources(Path dir) throws IOException {
        List<HasMetadata> resources = new ArrayList<>();
        for (String file : kustomization(dir).get("resources")) {
            for (Object document : new Yaml(new LoaderOptions()).loadAll(Files.readString(dir.resolve(file)))) {
                if (document != null) {
                    resources.add(
                            KUBERNETES.convertValue(document, KubernetesResource.class) instanceof HasMetadata h
                                    ? h
                                    : null);
                }
            }
        }
        assertThat(resources).doesNotContainNull();
        return resources;
    }

    private <T extends HasMetadata> List<T> of(Class<T> type) throws IOException {
        return resources().stream().filter(type::isInstance).map(type::cast).toList();
    }

    private List<GenericKubernetesResource> generic(String kind) throws IOException {
        return of(GenericKubernetesResource.class).stream()
                .filter(r -> r.getKind().equals(kind))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> kustomization(Path dir) throws IOException {
        return new Yaml(new LoaderOptions()).load(Files.readString(dir.resolve("kustomization.yaml")));
    }

    private String groupIdOf(String module) throws IOException {
        Map<String, Object> yml = new Yaml(new LoaderOptions())
                .load(Files.readString(repo.resolve(module).resolve("src/main/resources/application.yml")));
        return String.valueOf(dig(yml, "spring", "kafka", "consumer", "group-id"));
    }

    private static Object dig(Map<String, Object> map, String... path) {
        Object at = map;
        for (String key : path) {
            at = ((Map<?, ?>) at).get(key);
        }
        return at;
    }

    /**
     * Fields the model kept aside because its kind has no such field (a typo such as {@code readinesProbe} would
     * land there): fabric8's objects keep them in {@code additionalProperties}.
     */
    private static List<String> unknownFields(Object object, String path) {
        List<String> unknown = new ArrayList<>();
        if (object == null || !object.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            if (object instanceof Collection<?> items) {
                items.forEach(item -> unknown.addAll(unknownFields(item, path + "[]")));
            } else if (object instanceof Map<?, ?> map) {
                map.forEach((k, v) -> unknown.addAll(unknownFields(v, path + "." + k)));
            }
            return unknown;
        }
        try {
            for (PropertyDescriptor property :
                    Introspector.getBeanInfo(object.getClass()).getPropertyDescriptors()) {
                if (property.getReadMethod() == null || property.getName().equals("class")) {
                    continue;
                }
                Object value = property.getReadMethod().invoke(object);
                if (property.getName().equals("additionalProperties")) {
                    ((Map<?, ?>) value).keySet().forEach(k -> unknown.add(path + "." + k));
                } else {
                    unknown.addAll(unknownFields(value, path + "." + property.getName()));
                }
            }
        } catch (IntrospectionException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
        return unknown;
    }
}
