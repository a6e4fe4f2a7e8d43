package io.imagelake.query.stats;

import io.imagelake.support.errors.InvalidRequestException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Counts and bytes of catalogued images, computed by Trino over the gold marts. */
@Repository
public class StatsRepository {

    private final JdbcTemplate jdbc;

    private final int maxRows;

    public StatsRepository(DataSource dataSource, QueryProperties properties) {
        this.jdbc = new JdbcTemplate(dataSource);
        // one more than allowed: an answer that fills it is too wide, and says so rather than being cut short
        this.jdbc.setMaxRows(properties.maxRows() + 1);
        this.jdbc.setQueryTimeout((int) Math.max(1, properties.timeout().toSeconds()));
        this.maxRows = properties.maxRows();
    }

    /**
     * {@code tenant} null means every tenant (admins only — the caller decides). Read from the gold
     * marts, which follow the catalog within a refresh interval (docs/analytics.md).
     */
    public List<Map<String, Object>> imageStats(StatsRequest request, String tenant) {
        StatsSource source = StatsSource.answering(request);
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (tenant != null) {
            where.add("customer_id = ?");
            args.add(tenant);
        }
        if (request.from() != null) {
            where.add(source.time() + " >= ?");
            args.add(bound(source, request.from()));
        }
        if (request.to() != null) {
            where.add(source.time() + " < ?");
            args.add(bound(source, request.to()));
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (StatsDimension d : request.groupBy()) {
            sql.append(d.sql(source)).append(" AS ").append(d.key()).append(", ");
        }
        sql.append("coalesce(")
                .append(source.count())
                .append(", 0) AS count, coalesce(")
                .append(source.bytes())
                .append(", 0) AS bytes FROM ")
                .append(source.from());
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        if (!request.groupBy().isEmpty()) {
            String keys = String.join(
                    ", ",
                    request.groupBy().stream()
                            .map(d -> Integer.toString(request.groupBy().indexOf(d) + 1))
                            .toList());
            sql.append(" GROUP BY ").append(keys).append(" ORDER BY ").append(keys);
        }
        List<Map<String, Object>> rows;
        try {
            rows = query(sql.toString(), request, args);
        } catch (DataAccessException e) {
            throw new TrinoUnavailableException("the stats query did not complete: " + e.getMostSpecificCause(), e);
        }
        if (rows.size() > maxRows) {
            throw InvalidRequestException.of(
                    "groupBy", "the answer has more than " + maxRows + " rows: group by fewer keys or narrow from/to");
        }
        return rows;
    }

    private List<Map<String, Object>> query(String sql, StatsRequest request, List<Object> args) {
        return jdbc.query(
                sql,
                (rs, i) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (StatsDimension d : request.groupBy()) {
                        row.put(d.key(), rs.getString(d.key()));
                    }
                    row.put("count", rs.getLong("count"));
                    row.put("bytes", rs.getLong("bytes"));
                    return row;
                },
                args.toArray());
    }

    /** The marts' times are UTC without a zone: bound them by UTC text, never by the JVM's zone. */
    private static Object bound(StatsSource source, Instant instant) {
        LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        return source.byDate() ? Date.valueOf(utc.toLocalDate()) : Timestamp.valueOf(utc);
    }
}
