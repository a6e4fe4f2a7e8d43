package io.imagelake.contracts;

import java.util.List;
import java.util.Map;

/**
 * The SQL face of the catalog: the top-level fields of a catalog document that Trino exposes as
 * columns of {@code mongodb.<database>.images}. catalog-service writes them and keeps Trino's
 * {@code _schema} in step; query-service and analysts query them. Snake case because Trino
 * lower-cases identifiers.
 */
public final class CatalogColumns {

    public static final String COLLECTION = "images";

    public static final String ID = "_id";
    public static final String CUSTOMER_ID = "customer_id";
    public static final String SOURCE = "source";
    public static final String STATUS = "status";
    public static final String FORMAT = "format";
    public static final String BYTES = "bytes";
    /** When the lake received the image, by its own clock (retention counts from it). */
    public static final String CREATED_AT = "created_at";
    /** The time the source states: a stream record's timestamp, an import's start (never used for retention). */
    public static final String SOURCE_TIME = "source_time";

    public static final String UPDATED_AT = "updated_at";
    public static final String NORMALIZED_AT = "normalized_at";
    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";
    public static final String LANGUAGE = "language";
    public static final String TAGS = "tags";
    /** The pipeline version whose verdict the image's status is (see the catalog's projector). */
    public static final String STATUS_VERSION = "status_version";
    /** The pipeline version of the image's silver rendition (reprocessing changes it). */
    public static final String PIPELINE_VERSION = "pipeline_version";

    /** A column as Trino sees it: name and Trino type. */
    public record Column(String name, String trinoType) {}

    public static final List<Column> SQL_COLUMNS = List.of(
            new Column(ID, "varchar"),
            new Column(CUSTOMER_ID, "varchar"),
            new Column(SOURCE, "varchar"),
            new Column(STATUS, "varchar"),
            new Column(FORMAT, "varchar"),
            new Column(BYTES, "bigint"),
            new Column(CREATED_AT, "timestamp(3)"),
            new Column(SOURCE_TIME, "timestamp(3)"),
            new Column(UPDATED_AT, "timestamp(3)"),
            new Column(NORMALIZED_AT, "timestamp(3)"),
            new Column(WIDTH, "integer"),
            new Column(HEIGHT, "integer"),
            new Column(LANGUAGE, "varchar"),
            new Column(TAGS, "array(varchar)"),
            new Column(PIPELINE_VERSION, "varchar"));

    /**
     * The document Trino's MongoDB connector reads from {@code _schema} for the images table:
     * {@code {table, fields: [{name, type, hidden}]}}.
     */
    public static Map<String, Object> trinoSchemaDocument() {
        return Map.of(
                "table",
                COLLECTION,
                "fields",
                SQL_COLUMNS.stream()
                        .map(c -> Map.<String, Object>of("name", c.name(), "type", c.trinoType(), "hidden", false))
                        .toList());
    }

    private CatalogColumns() {}
}
