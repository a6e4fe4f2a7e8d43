package io.imagelake.query.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which gold mart answers a stats question: {@code daily_stats} whenever it can (it is already
 * aggregated: a 30-day question reads thousands of rows, not millions), {@code images} for a
 * pipeline version or bounds within a day, and the images' reason codes for {@code reason}.
 */
enum StatsSource {
    DAILY_STATS("iceberg.marts.daily_stats", "sum(images)", "sum(bytes)", "day", "CAST(day AS varchar)"),
    IMAGES(
            "iceberg.marts.images",
            "count(*)",
            "sum(bronze_bytes)",
            "received_at",
            "CAST(CAST(received_at AS date) AS varchar)"),
    REASONS(
            "iceberg.marts.images CROSS JOIN UNNEST(reason_codes) AS r(reason)",
            "count(*)",
            "sum(bronze_bytes)",
            "received_at",
            "CAST(CAST(received_at AS date) AS varchar)");

    private static final Set<StatsDimension> DAILY = EnumSet.of(
            StatsDimension.CUSTOMER,
            StatsDimension.FORMAT,
            StatsDimension.SOURCE,
            StatsDimension.STATUS,
            StatsDimension.DAY);

    private final String from;
    private final String count;
    private final String bytes;
    private final String time;
    private final String day;

    StatsSource(String from, String count, String bytes, String time, String day) {
        this.from = from;
        this.count = count;
        this.bytes = bytes;
        this.time = time;
        this.day = day;
    }

    static StatsSource answering(StatsRequest request) {
        if (request.groupBy().contains(StatsDimension.REASON)) {
            return REASONS;
        }
        boolean wholeDays = wholeDay(request.from()) && wholeDay(request.to());
        return wholeDays && DAILY.containsAll(request.groupBy()) ? DAILY_STATS : IMAGES;
    }

    private static boolean wholeDay(Instant bound) {
        return bound == null || bound.getEpochSecond() % Duration.ofDays(1).toSeconds() == 0 && bound.getNano() == 0;
    }

    String from() {
        return from;
    }

    String count() {
        return count;
    }

    String bytes() {
        return bytes;
    }

    /** The column the bounds apply to: a date for daily_stats, a timestamp for the others. */
    String time() {
        return time;
    }

    String day() {
        return day;
    }

    boolean byDate() {
        return this == DAILY_STATS;
    }
}
