package io.imagelake.query.stats;

import io.imagelake.contracts.CatalogColumns;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code groupBy} keys of the stats API and the SQL each stands for. Only these ever reach the
 * SQL text: a client's words are matched against this list, never spliced in.
 */
public enum StatsDimension {
    CUSTOMER("customer", CatalogColumns.CUSTOMER_ID),
    FORMAT("format", CatalogColumns.FORMAT),
    SOURCE("source", CatalogColumns.SOURCE),
    STATUS("status", CatalogColumns.STATUS),
    DAY("day", "CAST(date(" + CatalogColumns.CREATED_AT + ") AS varchar)"),
    /* the normalizer's pipeline version of the silver rendition (null before normalization) */
    PIPELINE("pipeline", CatalogColumns.PIPELINE_VERSION);

    private final String key;
    private final String sql;

    StatsDimension(String key, String sql) {
        this.key = key;
        this.sql = sql;
    }

    public String key() {
        return key;
    }

    public String sql() {
        return sql;
    }

    /** The keys, for error messages. */
    public static String keys() {
        return Arrays.stream(values()).map(StatsDimension::key).collect(Collectors.joining(", "));
    }

    public static Optional<StatsDimension> byKey(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(d -> d.key.equals(k)).findFirst();
    }
}
