package io.imagelake.query.stats;

import io.imagelake.contracts.CatalogColumns;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Counts and bytes of catalogued images, computed by Trino over the catalog's {@code images} table. */
@Repository
public class StatsRepository {

    private final JdbcTemplate jdbc;
    private final QueryProperties properties;

    public StatsRepository(DataSource dataSource, QueryProperties properties) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setMaxRows(properties.maxRows());
        this.properties = properties;
    }

    /** {@code tenant} null means every tenant (admins only — the caller decides). */
    public List<Map<String, Object>> imageStats(StatsRequest request, String tenant) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (tenant != null) {
            where.add(CatalogColumns.CUSTOMER_ID + " = ?");
            args.add(tenant);
        }
        if (request.from() != null) {
            where.add(CatalogColumns.CREATED_AT + " >= ?");
            args.add(Timestamp.from(request.from()));
        }
        if (request.to() != null) {
            where.add(CatalogColumns.CREATED_AT + " < ?");
            args.add(Timestamp.from(request.to()));
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (StatsDimension d : request.groupBy()) {
            sql.append(d.sql()).append(" AS ").append(d.key()).append(", ");
        }
        sql.append("count(*) AS count, coalesce(sum(")
                .append(CatalogColumns.BYTES)
                .append("), 0) AS bytes")
                .append(" FROM ")
                .append(properties.catalog())
                .append('.')
                .append(properties.schema())
                .append('.')
                .append(CatalogColumns.COLLECTION);
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
        return jdbc.query(
                sql.toString(),
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
}
