package io.imagelake.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The PromQL that ops' dashboards and alert rules run, and the metric names it reads. */
final class DashboardQueries {

    private static final Pattern LABELS = Pattern.compile("\\{[^}]*}");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern STRING = Pattern.compile("\"[^\"]*\"");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> PROMQL = Set.of(
            "sum",
            "min",
            "max",
            "avg",
            "count",
            "stddev",
            "stdvar",
            "topk",
            "bottomk",
            "quantile",
            "count_values",
            "rate",
            "irate",
            "increase",
            "delta",
            "idelta",
            "deriv",
            "histogram_quantile",
            "abs",
            "ceil",
            "floor",
            "round",
            "clamp_min",
            "clamp_max",
            "vector",
            "scalar",
            "time",
            "absent",
            "absent_over_time",
            "min_over_time",
            "max_over_time",
            "avg_over_time",
            "sum_over_time",
            "count_over_time",
            "predict_linear",
            "label_replace",
            "sort",
            "sort_desc",
            "and",
            "or",
            "unless",
            "bool",
            "offset",
            "Inf",
            "NaN");

    private DashboardQueries() {}

    /** Every panel target's {@code expr} in the dashboards under {@code dir}. */
    static List<String> of(Path dir) throws IOException {
        List<String> queries = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(file));
                dashboard.findValues("expr").forEach(expr -> queries.add(expr.asString()));
            }
        }
        return queries;
    }

    /** Every alert's and recording rule's {@code expr} in a Prometheus rules file. */
    @SuppressWarnings("unchecked")
    static List<String> ofRules(Path rules) throws IOException {
        Map<String, Object> file = new Yaml().load(Files.readString(rules));
        List<String> queries = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                queries.add(String.valueOf(rule.get("expr")));
            }
        }
        return queries;
    }

    /** The metric names a query reads (not functions, labels, durations or recording rules). */
    static Set<String> metricsOf(String query) {
        String bare = STRING.matcher(query).replaceAll(" ");
        bare = LABELS.matcher(bare).replaceAll(" ");
        bare = GROUPING.matcher(bare).replaceAll(" ");
        bare = RANGE.matcher(bare).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            String name = identifier.group();
            if (!PROMQL.contains(name) && !name.contains(":") && !name.matches("\\d.*")) {
                names.add(name);
            }
        }
        return names;
    }
}
