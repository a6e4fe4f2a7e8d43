package io.imagelake.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The "Images processed" dashboard as Superset exports (and docker-compose imports) it: deploy/superset/dashboard. */
record SupersetExport(
        Map<String, Object> metadata,
        Map<String, Object> database,
        List<Map<String, Object>> datasets,
        List<Map<String, Object>> charts,
        Map<String, Object> dashboard) {

    static SupersetExport load(Path repo) {
        Path root = repo.resolve("deploy/superset/dashboard");
        return new SupersetExport(
                yaml(root.resolve("metadata.yaml")),
                only(root.resolve("databases")),
                all(root.resolve("datasets")),
                all(root.resolve("charts")),
                only(root.resolve("dashboards")));
    }

    /** A chart's dataset: its SQL is what the chart queries. */
    Map<String, Object> datasetOf(Map<String, Object> chart) {
        return datasets.stream()
                .filter(d -> d.get("uuid").equals(chart.get("dataset_uuid")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("chart " + chart.get("slice_name") + " has no dataset"));
    }

    Map<String, Object> chart(String title) {
        return charts.stream()
                .filter(c -> c.get("slice_name").equals(title))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no chart " + title));
    }

    private static Map<String, Object> only(Path dir) {
        List<Map<String, Object>> files = all(dir);
        if (files.size() != 1) {
            throw new AssertionError(dir + " holds " + files.size() + " files, not one");
        }
        return files.getFirst();
    }

    private static List<Map<String, Object>> all(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml"))
                    .sorted()
                    .map(SupersetExport::yaml)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> yaml(Path file) {
        try {
            return new Yaml(new LoaderOptions()).load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
