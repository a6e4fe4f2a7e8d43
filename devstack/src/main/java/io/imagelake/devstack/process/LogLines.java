package io.imagelake.devstack.process;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the services' JSON log lines (Elastic Common Schema, as Spring Boot writes them) for a
 * person: time, level, service, the image and trace a line belongs to, the message, and the error.
 * Any other line (the embedded servers' plain logs) is shown as it is.
 */
public final class LogLines {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> CONTEXT = List.of("tenant", "imageId", "traceId");

    private LogLines() {}

    public static String pretty(String line) {
        if (!line.startsWith("{")) {
            return line;
        }
        JsonNode entry;
        try {
            entry = JSON.readTree(line);
        } catch (RuntimeException notJson) {
            return line;
        }
        StringBuilder out = new StringBuilder()
                .append(text(entry, "@timestamp"))
                .append(' ')
                .append(String.format("%-5s", text(entry, "log.level")))
                .append(" [")
                .append(text(entry, "service.name"))
                .append("]");
        for (String key : CONTEXT) {
            String value = text(entry, key);
            if (!value.isEmpty()) {
                out.append(' ').append(key).append('=').append(value);
            }
        }
        out.append("  ").append(text(entry, "message"));
        String error = text(entry, "error.stack_trace");
        if (!error.isEmpty()) {
            out.append('\n').append(error);
        }
        return out.toString();
    }

    /** A field by its dotted ECS name, whether the writer nested it or not. */
    private static String text(JsonNode entry, String dotted) {
        JsonNode flat = entry.get(dotted);
        if (flat != null) {
            return flat.asString();
        }
        JsonNode node = entry;
        for (String part : dotted.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        return node == null || node.isNull() ? "" : node.asString();
    }
}
