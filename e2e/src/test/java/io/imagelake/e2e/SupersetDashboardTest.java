package io.imagelake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.devstack.StackLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The dashboard export docker-compose's Superset imports: a complete, consistent export. Its SQL
 * runs against the real Trino in PlatformIT ({@code everyChartOfTheSupersetDashboard…}).
 */
class SupersetDashboardTest {

    private final SupersetExport export = SupersetExport.load(StackLayout.findRepo());

    @Test
    void theExportHoldsTheSixChartsOfImagesProcessedOnTheMartsDatabase() {
        assertThat(export.metadata()).containsEntry("type", "Dashboard");
        assertThat(export.dashboard()).containsEntry("dashboard_title", "Images processed");
        assertThat(export.charts())
                .extracting(c -> c.get("slice_name"))
                .containsExactlyInAnyOrder(
                        "Images per day by customer and format",
                        "Share by source",
                        "Rejections by reason",
                        "Duplicates",
                        "Upload to silver latency p50/p95",
                        "Top tenants by bytes");
        assertThat((String) export.database().get("sqlalchemy_uri"))
                .as("compose's Trino over HTTPS, logged in as superset without a password, on the marts' catalog")
                .isEqualTo("trino://superset@trino:8443/iceberg");
        assertThat(export.database())
                .as("each query runs as the logged-in Superset user, so Trino's row filters apply to it")
                .containsEntry("impersonate_user", true)
                .containsEntry("allow_dml", false);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyChartReadsColumnsItsDatasetHasAndEveryDatasetReadsOnlyTheMarts() {
        for (Map<String, Object> chart : export.charts()) {
            Map<String, Object> dataset = export.datasetOf(chart);
            assertThat(dataset.get("database_uuid")).isEqualTo(export.database().get("uuid"));
            assertThat((String) dataset.get("sql")).containsPattern("FROM iceberg\\.marts\\.[a-z_]+");
            assertThat((String) dataset.get("sql")).doesNotContain("mongodb.");
            Set<String> columns = ((List<Map<String, Object>>) dataset.get("columns"))
                    .stream().map(c -> (String) c.get("column_name")).collect(Collectors.toSet());
            Map<String, Object> params = (Map<String, Object>) chart.get("params");
            List<String> used = new ArrayList<>((List<String>) params.getOrDefault("groupby", List.of()));
            if (params.get("x_axis") != null) {
                used.add((String) params.get("x_axis"));
            }
            List<Map<String, Object>> metrics =
                    new ArrayList<>((List<Map<String, Object>>) params.getOrDefault("metrics", List.of()));
            if (params.get("metric") != null) {
                metrics.add((Map<String, Object>) params.get("metric"));
            }
            metrics.forEach(m -> used.add((String) ((Map<String, Object>) m.get("column")).get("column_name")));
            assertThat(columns).as(chart.get("slice_name") + " reads").containsAll(used);
            assertThat(chart.get("viz_type")).isEqualTo(params.get("viz_type"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDashboardLaysOutEveryChartOnce() {
        Map<String, Object> position = (Map<String, Object>) export.dashboard().get("position");
        List<Object> placed = position.values().stream()
                .filter(v -> v instanceof Map<?, ?> m && "CHART".equals(m.get("type")))
                .map(v -> ((Map<String, Object>) ((Map<String, Object>) v).get("meta")).get("uuid"))
                .toList();
        assertThat(placed)
                .containsExactlyInAnyOrderElementsOf(
                        export.charts().stream().map(c -> c.get("uuid")).toList());
        for (Object node : position.values()) {
            if (node instanceof Map<?, ?> m && m.get("children") instanceof List<?> children) {
                assertThat(children).allSatisfy(child -> assertThat(position).containsKey((String) child));
            }
        }
    }
}
