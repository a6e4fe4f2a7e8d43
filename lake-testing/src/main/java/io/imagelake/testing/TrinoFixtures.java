package io.imagelake.testing;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.imagelake.contracts.CatalogColumns;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/** The catalog as Trino sees it, for tests and benches that write catalog documents themselves. */
public final class TrinoFixtures {

    private TrinoFixtures() {}

    /** What catalog-service publishes at start: Trino's columns of the images and datasets collections. */
    public static void publishCatalogSchema(MongoDatabase lake) {
        lake.getCollection("_schema")
                .replaceOne(
                        Filters.eq("table", CatalogColumns.COLLECTION),
                        new Document(CatalogColumns.trinoSchemaDocument()),
                        new ReplaceOptions().upsert(true));
        lake.getCollection("_schema")
                .replaceOne(
                        Filters.eq("table", CatalogColumns.DATASETS),
                        new Document(CatalogColumns.trinoSchemaDocument(
                                CatalogColumns.DATASETS, CatalogColumns.DATASET_SQL_COLUMNS)),
                        new ReplaceOptions().upsert(true));
    }

    /** {@code sql} run as {@code user}: each row as its columns' text joined by '|' (none for a statement). */
    public static List<String> rows(String trinoUrl, String user, String sql) throws SQLException {
        try (Connection trino = DriverManager.getConnection(trinoUrl, user, null);
                Statement statement = trino.createStatement()) {
            if (!statement.execute(sql)) {
                return List.of();
            }
            try (ResultSet rows = statement.getResultSet()) {
                List<String> out = new ArrayList<>();
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    List<String> values = new ArrayList<>();
                    for (int c = 1; c <= columns; c++) {
                        values.add(String.valueOf(rows.getObject(c)));
                    }
                    out.add(String.join("|", values));
                }
                return out;
            }
        }
    }
}
