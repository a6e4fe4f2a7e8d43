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

    /**
     * When the catalog last wrote the document, by its own clock: the marts' incremental watermark
     * ({@link #UPDATED_AT} is the newest event's time, which a backlog can leave far behind the write).
     */
    public static final String CHANGED_AT = "changed_at";

    // --- nested documents the marts read (their fields, as catalog-service writes them, in the types below) ---
    public static final String DUPLICATE_OF = "duplicate_of";
    public static final String CAPTURED_AT = "captured_at";
    /** Each zone's object: {@code {bronze: {...}, silver: {...}, gold: {...}}}. */
    public static final String ZONES = "zones";
    /** What the original was: {@code {width, height, format, orientation, camera_make, camera_model}}. */
    public static final String ORIGINAL = "original";
    /** Whole-frame features: {@code {phash, blur, brightness, contrast}}. */
    public static final String FEATURES = "features";
    /** The normalized caption: {@code {original, normalized, tokens, language}}. */
    public static final String CAPTION = "caption";
    /**
     * Why it was rejected: {@code [{code, detail}]}, set with an {@code ImageRejected} in the {@link #LINEAGE} (the
     * marts skip their rejections MERGE for changed images with neither).
     */
    public static final String REASONS = "reasons";
    /** The zone steps the image took: {@code [{event, event_id, from, to, pipeline_version, at}]}; only grows. */
    public static final String LINEAGE = "lineage";

    /**
     * The dataset versions holding the image ({@code <name>@<version>}), the marts' dataset members. Absent until an
     * image is first held; a release pulls from it and leaves it (empty), which the marts use to skip their dataset
     * members MERGE for images never held.
     */
    public static final String DATASET_REFS = "dataset_refs";

    /** The collection of dataset versions, whose SQL face the marts' {@code datasets} table reads. */
    public static final String DATASETS = "datasets";

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
            new Column(PIPELINE_VERSION, "varchar"),
            new Column(STATUS_VERSION, "varchar"),
            new Column(CHANGED_AT, "timestamp(3)"),
            new Column(DUPLICATE_OF, "varchar"),
            new Column(CAPTURED_AT, "timestamp(3)"),
            new Column(
                    ZONES,
                    "row(bronze row(bytes bigint, at timestamp(3)),"
                            + " silver row(bytes bigint, width integer, height integer, format varchar, at timestamp(3)),"
                            + " gold row(at timestamp(3)))"),
            new Column(
                    ORIGINAL,
                    "row(width integer, height integer, format varchar, orientation integer,"
                            + " camera_make varchar, camera_model varchar)"),
            new Column(FEATURES, "row(phash varchar, blur double, brightness double, contrast double)"),
            new Column(CAPTION, "row(language varchar, tokens array(varchar))"),
            new Column(REASONS, "array(row(code varchar, detail varchar))"),
            new Column(
                    LINEAGE,
                    "array(row(event varchar, event_id varchar, \"from\" varchar, \"to\" varchar,"
                            + " pipeline_version varchar, at timestamp(3)))"),
            new Column(DATASET_REFS, "array(varchar)"));

    /** The dataset versions' columns, as catalog-service's datasets package writes them (query-service only). */
    public static final List<Column> DATASET_SQL_COLUMNS = List.of(
            new Column(ID, "varchar"),
            new Column(CUSTOMER_ID, "varchar"),
            new Column("name", "varchar"),
            new Column("version", "bigint"),
            new Column("state", "varchar"),
            new Column("split", "row(train double, validation double, test double)"),
            new Column("images", "bigint"),
            new Column("skipped", "bigint"),
            new Column("bytes", "bigint"),
            new Column("split_counts", "row(train bigint, validation bigint, test bigint)"),
            new Column(CREATED_AT, "timestamp(3)"),
            new Column("published_at", "timestamp(3)"),
            new Column("deleted_at", "timestamp(3)"));

    /**
     * The document Trino's MongoDB connector reads from {@code _schema} for the images table:
     * {@code {table, fields: [{name, type, hidden}]}}.
     */
    public static Map<String, Object> trinoSchemaDocument() {
        return trinoSchemaDocument(COLLECTION, SQL_COLUMNS);
    }

    /** {@code _schema}'s document of one collection. */
    public static Map<String, Object> trinoSchemaDocument(String table, List<Column> columns) {
        return Map.of(
                "table",
                table,
                "fields",
                columns.stream()
                        .map(c -> Map.<String, Object>of("name", c.name(), "type", c.trinoType(), "hidden", false))
                        .toList());
    }

    private CatalogColumns() {}
}
