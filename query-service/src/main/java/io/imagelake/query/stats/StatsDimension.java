package io.imagelake.query.stats;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code groupBy} keys of the stats API and the mart column each stands for. Only these ever
 * reach the SQL text: a client's words are matched against this list, never spliced in.
 */
public enum StatsDimension {
    CUSTOMER("customer", "customer_id"),
    FORMAT("format", "format"),
    SOURCE("source", "source"),
    STATUS("status", "status"),
    /* the UTC day the lake received the image */
    DAY("day", null),
    /* the normalizer's pipeline version of the silver rendition (null before normalization) */
    PIPELINE("pipeline", "pipeline_version"),
    /* a rejection's reason code: an image rejected for two reasons counts under each */
    REASON("reason", "reason");

    private final String key;
    private final String column;

    StatsDimension(String key, String column) {
        this.key = key;
        this.column = column;
    }

    public String key() {
        return key;
    }

    /** The dimension's SQL over a mart source (the day is a column of one and a timestamp of the others). */
    String sql(StatsSource source) {
        return this == DAY ? source.day() : column;
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
