package io.imagelake.query.marts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SQL models of the gold marts, as the {@code .sql} files in {@code marts/} on the classpath
 * hold them: the tables ({@code schema.sql}), the read of one refresh's changed catalog documents
 * ({@code changes.sql}), one {@code MERGE} per mart, in dependency order ({@code daily_stats}
 * aggregates {@code images}), and the maintenance statements.
 */
public final class MartModels {

    /** The marts refreshed incrementally, in the order they are refreshed. */
    public static final List<String> MARTS =
            List.of("images", "image_events", "rejections", "daily_stats", "datasets", "dataset_members");

    /** The marts built from a refresh's changed image documents: those whose MERGE reads {@code :changes}. */
    public static final Set<String> READS_CHANGES =
            MARTS.stream().filter(mart -> read(mart).contains(":changes")).collect(Collectors.toUnmodifiableSet());

    private static final DateTimeFormatter LITERAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private MartModels() {}

    /** The statements creating the schema and tables (each idempotent). */
    public static List<String> schema() {
        return statements("schema");
    }

    public static List<String> maintenance() {
        return statements("maintenance");
    }

    /** The statement reading the catalog documents changed after {@code since} (UTC) into {@code changes}. */
    public static String changes(String changes, LocalDateTime since) {
        return read("changes").replace(":changes", changes).replace(":since", timestamp(since));
    }

    /**
     * The statement counting, for each mart that only some changes touch, the rows its MERGE would have to look at
     * ({@code needs.sql}): one column a mart, named as the mart; 0 means that mart has nothing to apply. A mart with
     * no column always merges. Also {@code read_key}, a checksum of the changes read, and {@code next_key}, the same
     * over those changed after {@code nextSince} (what the next refresh reads again).
     */
    public static String needs(String changes, LocalDateTime nextSince) {
        return withDatasetChanges(read("needs"))
                .replace(":changes", changes)
                .replace(":next_since", timestamp(nextSince));
    }

    /** A mart's MERGE of the changed documents in {@code changes} (a table {@link #changes} made). */
    public static String refresh(String mart, String changes) {
        if (!MARTS.contains(mart)) {
            throw new IllegalArgumentException("no mart " + mart);
        }
        return withDatasetChanges(read(mart)).replace(":changes", changes);
    }

    private static String withDatasetChanges(String sql) {
        return sql.contains(":dataset_changes") ? sql.replace(":dataset_changes", read("dataset_changes")) : sql;
    }

    /** A Trino timestamp literal of {@code time} (UTC, milliseconds: the catalog's precision). */
    public static String timestamp(LocalDateTime time) {
        return "TIMESTAMP '" + LITERAL.format(time) + "'";
    }

    /** A file's statements: split at a semicolon ending a line; comment lines dropped. */
    static List<String> statements(String name) {
        return Arrays.stream(read(name).split(";\\s*\\n"))
                .map(MartModels::withoutComments)
                .filter(s -> !s.isBlank())
                .toList();
    }

    private static String withoutComments(String sql) {
        return String.join(
                        "\n",
                        sql.lines().filter(l -> !l.strip().startsWith("--")).toList())
                .strip();
    }

    private static String read(String name) {
        String path = "/marts/" + name + ".sql";
        try (InputStream in = MartModels.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing " + path + " on the classpath");
            }
            return withoutComments(new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll(";\\s*$", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
