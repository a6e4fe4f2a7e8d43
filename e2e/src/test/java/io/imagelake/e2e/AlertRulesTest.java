package io.imagelake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.devstack.StackLayout;
import io.imagelake.devstack.StackPorts;
import io.imagelake.devstack.infra.PrometheusServer;
import io.imagelake.devstack.services.ServiceSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The alerting configuration, checked by the tools that will load it: promtool parses the
 * Prometheus configuration and its rules and runs the rules' unit tests, amtool checks
 * Alertmanager's configuration; and every alert has a unit test and a runbook entry. promtool and
 * amtool come from Debian's {@code prometheus} and {@code prometheus-alertmanager} packages
 * (./lake test installs them).
 */
class AlertRulesTest {

    private final Path repo = StackLayout.findRepo();
    private final Path rules = repo.resolve("deploy/prometheus/rules");

    @Test
    void prometheusLoadsItsConfigurationAndRules() throws Exception {
        assertThat(run(repo.resolve("deploy/prometheus"), "promtool", "check", "config", "prometheus.yml"))
                .contains("SUCCESS");
    }

    @Test
    void theLocalPlatformsPrometheusConfigurationLoadsWithProductionsRules(@TempDir Path dir) throws Exception {
        List<ServiceSpec> services = List.of(
                new ServiceSpec("gateway", "gateway", 8080, "256m", Map.of()),
                new ServiceSpec("ingest-api-1", "ingest-api", 8081, "256m", Map.of()));
        Files.writeString(
                dir.resolve("prometheus.yml"),
                PrometheusServer.config(
                        repo,
                        services,
                        List.of(
                                PrometheusServer.InfraTarget.kafka(
                                        StackPorts.defaults().kafkaMetrics()),
                                PrometheusServer.InfraTarget.trino(
                                        StackPorts.defaults().trino()))));

        assertThat(run(dir, "promtool", "check", "config", "prometheus.yml"))
                .contains("SUCCESS")
                .contains("imagelake.rules.yml");
        assertThat(Files.readString(dir.resolve("prometheus.yml")))
                .as("production's keep rules of the infrastructure jobs")
                .contains(keepRegex("kafka"))
                .contains(keepRegex("trino"));
    }

    @Test
    void theInfrastructureJobsKeepEverySeriesThePanelsAndRulesRead() throws IOException {
        Map<String, String> jobOfPrefix = Map.of(
                "kafka_server_", "kafka",
                "kafka_controller_", "kafka",
                "kafka_network_", "kafka",
                "kafka_log_", "kafka",
                "JMX_", "trino",
                "trino_", "trino");
        Map<String, String> keepOfJob = Map.of("kafka", keepRegex("kafka"), "trino", keepRegex("trino"));
        List<String> queries = new ArrayList<>(DashboardQueries.of(repo.resolve("deploy/grafana/dashboards")));
        queries.addAll(DashboardQueries.ofRules(rules.resolve("imagelake.rules.yml")));
        int checked = 0;
        for (String query : queries) {
            for (String metric : DashboardQueries.metricsOf(query)) {
                for (Map.Entry<String, String> prefix : jobOfPrefix.entrySet()) {
                    if (metric.startsWith(prefix.getKey())) {
                        assertThat(metric)
                                .as("read by " + query + ", dropped from job " + prefix.getValue())
                                .matches(keepOfJob.get(prefix.getValue()));
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).as("the infrastructure panels' metrics").isGreaterThanOrEqualTo(10);
    }

    /** The regex of the keep rule production's Prometheus applies to job {@code job}. */
    @SuppressWarnings("unchecked")
    private String keepRegex(String job) {
        return ((List<Map<String, Object>>)
                        PrometheusServer.productionJobs(repo).get(job).get("metric_relabel_configs"))
                .stream()
                        .filter(r -> "keep".equals(r.get("action")))
                        .map(r -> (String) r.get("regex"))
                        .findFirst()
                        .orElseThrow();
    }

    @Test
    void everyRulesUnitTestPasses() throws Exception {
        assertThat(run(rules, "promtool", "test", "rules", "imagelake.rules.test.yml"))
                .contains("SUCCESS");
    }

    @Test
    void alertmanagerAcceptsItsConfiguration() throws Exception {
        assertThat(run(repo, "amtool", "check-config", "deploy/alertmanager/alertmanager.yml"))
                .contains("SUCCESS");
    }

    @Test
    void everyDashboardPanelsQueryParses(@TempDir Path dir) throws Exception {
        // promtool parses PromQL only in rule files: each panel's query becomes a recording rule
        List<String> queries = DashboardQueries.of(repo.resolve("deploy/grafana/dashboards"));
        assertThat(queries).isNotEmpty();
        StringBuilder file = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            file.append("      - record: dashboard:panel_")
                    .append(i)
                    .append("\n        expr: ")
                    .append(new Yaml().dump(queries.get(i)).strip())
                    .append('\n');
        }
        Files.writeString(dir.resolve("dashboards.rules.yml"), file);

        assertThat(run(dir, "promtool", "check", "rules", "dashboards.rules.yml"))
                .contains("SUCCESS: " + queries.size() + " rules found");
    }

    @Test
    void everyAlertHasAUnitTestAndARunbookEntry() throws IOException {
        List<String> alerts = alerts();
        String tests = Files.readString(rules.resolve("imagelake.rules.test.yml"));
        String runbook = Files.readString(repo.resolve("docs/operations.md"));

        assertThat(alerts).hasSizeGreaterThanOrEqualTo(15);
        for (String alert : alerts) {
            assertThat(tests).as("a promtool test of " + alert).contains("alertname: " + alert + "\n");
            assertThat(runbook).as("the runbook entry of " + alert).contains("### " + alert + "\n");
        }
        assertThat(tests.lines()
                        .filter(l -> l.strip().startsWith("alertname:"))
                        .map(l -> l.strip().substring(11)))
                .as("tests of alerts that no longer exist")
                .allMatch(alerts::contains);
    }

    @SuppressWarnings("unchecked")
    private List<String> alerts() throws IOException {
        Map<String, Object> file = new Yaml().load(Files.readString(rules.resolve("imagelake.rules.yml")));
        List<String> alerts = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                if (rule.containsKey("alert")) {
                    String alert = (String) rule.get("alert");
                    alerts.add(alert);
                    Map<String, String> annotations = (Map<String, String>) rule.get("annotations");
                    assertThat(annotations.get("runbook"))
                            .isEqualTo("docs/operations.md#" + alert.toLowerCase(Locale.ROOT));
                }
            }
        }
        return alerts;
    }

    private static String run(Path dir, String... command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException notInstalled) {
            throw new AssertionError(
                    command[0] + " is not on the PATH: install Debian's prometheus and"
                            + " prometheus-alertmanager packages (./lake test does when it may use apt-get)",
                    notInstalled);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + ":\n" + output)
                .isZero();
        return output;
    }
}
