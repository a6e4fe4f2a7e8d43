package io.imagelake.devstack.infra;

import io.imagelake.devstack.StackLayout;
import io.imagelake.devstack.process.Await;
import io.imagelake.devstack.process.ManagedProcess;
import io.imagelake.devstack.services.ServiceProcess;
import io.imagelake.devstack.services.ServiceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prometheus for the local platform, when a {@code prometheus} binary is installed (Debian's
 * package, which {@code ./lake test} installs): it scrapes every service instance and evaluates the
 * same rules as production ({@code deploy/prometheus/rules}), so {@code ./lake status} can list the
 * alerts that fire. Without the binary the platform runs without it; nothing else depends on it.
 */
public final class PrometheusServer {

    public static final String NAME = "prometheus";
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer() {}

    /** The binary: {@code LAKE_PROMETHEUS} if set, else {@code prometheus} on the PATH. */
    public static Optional<Path> binary() {
        String configured = System.getenv("LAKE_PROMETHEUS");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
                .map(dir -> Path.of(dir, "prometheus"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * One infrastructure server's own metrics endpoint, scraped as job {@code job} (as production's
     * {@code deploy/prometheus/prometheus.yml} names it). {@code user}, when not null, is sent as basic
     * authentication without a password: how Trino's insecure authentication accepts a caller.
     */
    public record InfraTarget(String job, String address, String metricsPath, String user) {

        /** Trino's built-in OpenMetrics endpoint; it wants a user name, as every Trino request does. */
        public static InfraTarget trino(int port) {
            return new InfraTarget(TrinoServer.NAME, "127.0.0.1:" + port, "/metrics", "prometheus");
        }

        /** The broker's metrics reporter ({@link KafkaBroker}). */
        public static InfraTarget kafka(int metricsPort) {
            return new InfraTarget(KafkaBroker.NAME, "127.0.0.1:" + metricsPort, "/metrics", null);
        }

        /** This job's scrape configuration, with the keep rules of {@code production}, its job in production. */
        String scrapeConfig(Map<String, Object> production) {
            return """
                      - job_name: %s
                        metrics_path: %s
                    %s    static_configs:
                          - targets: ['%s']
                    %s""".formatted(
                            job,
                            metricsPath,
                            user == null ? "" : "    basic_auth: {username: '" + user + "'}\n",
                            address,
                            relabelLine(production == null ? null : production.get("metric_relabel_configs")));
        }
    }

    public static ManagedProcess start(
            StackLayout layout,
            Path binary,
            int port,
            List<ServiceSpec> services,
            List<InfraTarget> infrastructure,
            boolean detached) {
        Path conf = layout.conf(NAME);
        try {
            Files.createDirectories(conf);
            Files.writeString(conf.resolve("prometheus.yml"), config(layout.repo(), services, infrastructure));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ManagedProcess process = ManagedProcess.launch(
                NAME,
                List.of(
                        binary.toString(),
                        "--config.file=" + conf.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + layout.data(NAME),
                        // the archival promise is the lake's; local metrics need only a week
                        "--storage.tsdb.retention.time=7d",
                        "--web.listen-address=127.0.0.1:" + port,
                        // the page title carries the marker by which a recorded pid is known to be this part
                        "--web.page-title=ImageLake " + ManagedProcess.MARKER + NAME),
                Map.of(),
                layout.data(NAME),
                layout.log(NAME),
                detached);
        String url = url(port);
        Await.healthy(process, STARTUP, () -> healthy(url));
        return process;
    }

    /**
     * Every service instance as one target of job {@code imagelake} (the job the rules' {@code up}
     * alert reads), keeping the instance and application labels the services put on their metrics; and
     * each local infrastructure server that has a metrics endpoint as a job of its own.
     */
    public static String config(Path repo, List<ServiceSpec> services, List<InfraTarget> infrastructure) {
        Map<String, Map<String, Object>> production = productionJobs(repo);
        StringBuilder targets = new StringBuilder();
        for (ServiceSpec spec : services) {
            targets.append("          - targets: ['127.0.0.1:")
                    .append(spec.port())
                    .append("']\n            labels: {instance: '")
                    .append(spec.name())
                    .append("', application: '")
                    .append(spec.module())
                    .append("'}\n");
        }
        return """
                # written by ./lake up for the local platform; production's is deploy/prometheus/prometheus.yml
                global:
                  scrape_interval: 5s
                  evaluation_interval: 5s
                rule_files:
                  - '%s'
                scrape_configs:
                  - job_name: imagelake
                    metrics_path: /actuator/prometheus
                    honor_labels: true
                    static_configs:
                %s""".formatted(repo.resolve("deploy/prometheus/rules/imagelake.rules.yml"), targets)
                + infrastructure.stream()
                        .map(target -> target.scrapeConfig(production.get(target.job())))
                        .collect(Collectors.joining());
    }

    /**
     * Production's scrape configurations ({@code deploy/prometheus/prometheus.yml}) by job name: the local platform
     * takes the keep rules of its infrastructure jobs from there, so they are written once.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Map<String, Object>> productionJobs(Path repo) {
        Map<String, Object> production;
        try {
            production = new Yaml().load(Files.readString(repo.resolve("deploy/prometheus/prometheus.yml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ((List<Map<String, Object>>) production.get("scrape_configs"))
                .stream().collect(Collectors.toMap(config -> (String) config.get("job_name"), config -> config));
    }

    /** {@code relabels} (a job's {@code metric_relabel_configs}) as a line of the local configuration, or nothing. */
    private static String relabelLine(Object relabels) {
        if (relabels == null) {
            return "";
        }
        DumperOptions flow = new DumperOptions();
        flow.setDefaultFlowStyle(DumperOptions.FlowStyle.FLOW);
        flow.setWidth(Integer.MAX_VALUE);
        return "    metric_relabel_configs: " + new Yaml(flow).dump(relabels).strip() + "\n";
    }

    public static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    public static boolean healthy(String url) {
        return ServiceProcess.ready(url + "/-/ready");
    }

    /** The alert that fires, as "name {labels}", or empty when Prometheus cannot be asked. */
    public static Optional<List<String>> firingAlerts(String url) {
        return get(url + "/api/v1/alerts").map(body -> {
            List<String> firing = new ArrayList<>();
            for (JsonNode alert :
                    JsonMapper.builder().build().readTree(body).path("data").path("alerts")) {
                if ("firing".equals(alert.path("state").asString())) {
                    JsonNode labels = alert.path("labels");
                    firing.add(labels.path("alertname").asString() + " " + labels);
                }
            }
            return firing;
        });
    }

    private static Optional<String> get(String url) {
        try {
            HttpResponse<String> answer = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(3))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? Optional.of(answer.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
