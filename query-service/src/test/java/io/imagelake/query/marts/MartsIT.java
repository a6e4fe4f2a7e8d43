package io.imagelake.query.marts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.imagelake.contracts.CatalogColumns;
import io.imagelake.devstack.Endpoints;
import io.imagelake.testing.InfraPart;
import io.imagelake.testing.LakeInfra;
import io.imagelake.testing.TrinoFixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The SQL models run by a real Trino: Iceberg tables in a real S3 server, their catalog in a real
 * PostgreSQL, read from catalog documents in a real Mongo wire server, shaped as catalog-service
 * writes them. Refreshes are run by the test (the schedule is off), so each assertion follows one.
 */
@SpringBootTest(properties = "lake.marts.enabled=false")
class MartsIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String ACME = "acme-" + RUN;
    private static final String GLOBEX = "globex-" + RUN;

    private static MongoClient mongo;
    private static MongoCollection<Document> images;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        LakeInfra.properties(InfraPart.MONGO, InfraPart.TRINO).forEach((k, v) -> registry.add(k, () -> v));
    }

    @Autowired
    MartRefresher refresher;

    @Autowired
    DataSource dataSource;

    @BeforeAll
    static void catalog() {
        mongo = MongoClients.create(endpoints().mongoUri());
        var db = mongo.getDatabase("lake");
        TrinoFixtures.publishCatalogSchema(db);
        images = db.getCollection(CatalogColumns.COLLECTION);
    }

    @AfterAll
    static void close() {
        mongo.close();
    }

    @Test
    void anImageIsUpsertedAsItMovesThroughTheZonesAndItsDailyStatsFollow() throws Exception {
        String id = "img-" + UUID.randomUUID();
        Instant received = Instant.parse("2026-11-20T10:00:00Z");
        images.insertOne(received(id, ACME, received, 5000));
        refresher.refreshOnce();

        assertThat(admin("SELECT status, bronze_bytes, source, format FROM iceberg.marts.images WHERE image_id = '" + id
                        + "'"))
                .containsExactly("RECEIVED|5000|UPLOAD|jpeg");
        assertThat(admin(dailyStats(ACME, "2026-11-20"))).containsExactly("RECEIVED|1|5000");

        normalize(id, received.plusMillis(1500));
        refresher.refreshOnce();

        assertThat(admin("SELECT status, silver_width, silver_height, silver_bytes, caption_language,"
                        + " caption_tokens, camera_make, phash, upload_to_silver_ms, pipeline_version"
                        + " FROM iceberg.marts.images WHERE image_id = '" + id + "'"))
                .containsExactly("NORMALIZED|640|480|900|en|3|Canon|ffee0011|1500|v1");
        assertThat(admin("SELECT event, from_zone, to_zone FROM iceberg.marts.image_events WHERE image_id = '" + id
                        + "' ORDER BY at"))
                .containsExactly("ImageIngested|null|bronze", "ImageNormalized|bronze|silver");
        assertThat(admin(dailyStats(ACME, "2026-11-20")))
                .as("the RECEIVED group is gone, the image counts as NORMALIZED")
                .containsExactly("NORMALIZED|1|5000");
        assertThat(admin("SELECT count(*) FROM iceberg.information_schema.tables WHERE table_schema = 'marts'"
                        + " AND table_name LIKE 'refresh_changes%'"))
                .as("each refresh drops the table of its changed documents")
                .containsExactly("0");
    }

    @Test
    void aRejectionHasOneRowPerReasonAndANewerVerdictReplacesThem() throws Exception {
        String id = "img-" + UUID.randomUUID();
        images.insertOne(received(id, ACME, Instant.parse("2026-11-21T08:00:00Z"), 100));
        images.updateOne(
                Filters.eq(CatalogColumns.ID, id),
                new Document(
                                "$set",
                                new Document(CatalogColumns.STATUS, "REJECTED")
                                        .append(
                                                CatalogColumns.REASONS,
                                                List.of(
                                                        new Document("code", "too_small").append("detail", "32x32"),
                                                        new Document("code", "blurry").append("detail", "0.1")))
                                        .append(CatalogColumns.CHANGED_AT, new Date()))
                        .append(
                                "$push",
                                new Document(
                                        CatalogColumns.LINEAGE,
                                        new Document("event", "ImageRejected")
                                                .append("event_id", "r-" + id)
                                                .append("from", "bronze")
                                                .append("to", "quarantine")
                                                .append("at", Date.from(Instant.parse("2026-11-21T08:00:01Z"))))));
        refresher.refreshOnce();

        assertThat(admin("SELECT reason_code, detail FROM iceberg.marts.rejections WHERE image_id = '" + id
                        + "' ORDER BY reason_code"))
                .containsExactly("blurry|0.1", "too_small|32x32");
        assertThat(admin("SELECT status, array_join(reason_codes, ',') FROM iceberg.marts.images WHERE image_id = '"
                        + id + "'"))
                .containsExactly("REJECTED|too_small,blurry");

        // reprocessed by a newer pipeline version, which normalizes it: the old verdict's reasons go (its
        // ImageRejected stays in the lineage, which is how the refresh knows to look for its rows)
        normalize(id, Instant.parse("2026-11-21T08:00:02Z"));
        refresher.refreshOnce();

        assertThat(admin("SELECT count(*) FROM iceberg.marts.rejections WHERE image_id = '" + id + "'"))
                .containsExactly("0");
    }

    @Test
    void aRefreshMergesOnlyTheMartsItsChangesTouch() throws Exception {
        // no lookback: the second refresh reads exactly what changed after the first (other tests' images
        // re-read within the shared refresher's lookback may carry rejections or holds)
        MartRefresher exact = new MartRefresher(
                dataSource,
                new MartsProperties(false, Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(6)),
                new SimpleMeterRegistry(),
                Clock.systemUTC());
        exact.refreshOnce();
        images.insertOne(received("img-" + UUID.randomUUID(), ACME, Instant.parse("2026-11-26T08:00:00Z"), 10));
        long datasetCommits = snapshots("datasets");

        MartRefresher.Refresh refresh = exact.refreshOnce();

        assertThat(refresh.changedDocuments()).isEqualTo(1);
        assertThat(refresh.merged())
                .as("the image has no rejection and was never held, and no dataset version changed")
                .containsExactly("images", "image_events", "daily_stats");
        assertThat(snapshots("datasets"))
                .as("an unchanged dataset version is not rewritten")
                .isEqualTo(datasetCommits);
    }

    @Test
    void aRefreshThatReadsOnlyChangesItAppliedBeforeMergesNothing() throws Exception {
        String id = "img-" + UUID.randomUUID();
        images.insertOne(received(id, GLOBEX, Instant.parse("2026-11-27T08:00:00Z"), 20));
        assertThat(refresher.refreshOnce().merged()).contains("images");
        long imageCommits = snapshots("images");

        MartRefresher.Refresh again = refresher.refreshOnce();

        assertThat(again.changedDocuments())
                .as("the image is read again from the lookback")
                .isPositive();
        assertThat(again.merged()).isEmpty();
        assertThat(snapshots("images")).isEqualTo(imageCommits);

        normalize(id, Instant.parse("2026-11-27T08:00:01Z"));
        assertThat(refresher.refreshOnce().merged()).contains("images", "image_events", "daily_stats");
        assertThat(admin("SELECT status FROM iceberg.marts.images WHERE image_id = '" + id + "'"))
                .containsExactly("NORMALIZED");
    }

    @Test
    void anErasedImageLeavesNoRowInAnyMart() throws Exception {
        String id = "img-" + UUID.randomUUID();
        images.insertOne(received(id, GLOBEX, Instant.parse("2026-11-22T08:00:00Z"), 700));
        refresher.refreshOnce();
        assertThat(admin("SELECT count(*) FROM iceberg.marts.images WHERE image_id = '" + id + "'"))
                .containsExactly("1");

        // what catalog-service's eraser leaves: a tombstone
        images.updateOne(
                Filters.eq(CatalogColumns.ID, id),
                new Document(
                                "$set",
                                new Document(CatalogColumns.STATUS, "ERASED")
                                        .append("erased_at", new Date())
                                        .append(CatalogColumns.CHANGED_AT, new Date()))
                        .append("$unset", new Document(CatalogColumns.ZONES, "")));
        refresher.refreshOnce();

        for (String mart : List.of("images", "image_events", "rejections")) {
            assertThat(admin("SELECT count(*) FROM iceberg.marts." + mart + " WHERE image_id = '" + id + "'"))
                    .as(mart)
                    .containsExactly("0");
        }
        assertThat(admin(dailyStats(GLOBEX, "2026-11-22"))).isEmpty();
    }

    @Test
    void aTenantsAnalystSeesOnlyItsOwnRowsAndNobodyButTheServiceWrites() throws Exception {
        images.insertOne(received("img-" + UUID.randomUUID(), ACME, Instant.parse("2026-11-23T08:00:00Z"), 1));
        images.insertOne(received("img-" + UUID.randomUUID(), GLOBEX, Instant.parse("2026-11-23T09:00:00Z"), 2));
        refresher.refreshOnce();

        for (String table : List.of("iceberg.marts.images", "iceberg.marts.daily_stats", "mongodb.lake.images")) {
            assertThat(query(ACME, "SELECT DISTINCT customer_id FROM " + table))
                    .as(table)
                    .containsExactly(ACME);
        }
        assertThat(query("admin", "SELECT DISTINCT customer_id FROM iceberg.marts.images"))
                .contains(ACME, GLOBEX);
        assertThatThrownBy(() -> query(ACME, "DELETE FROM iceberg.marts.images"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Access Denied");
        assertThatThrownBy(() -> query(
                        "admin",
                        "INSERT INTO iceberg.marts.daily_stats VALUES "
                                + "(DATE '2026-11-23', 'x', 'UPLOAD', 'jpeg', 'PROMOTED', 1, 1)"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Access Denied");
    }

    @Test
    void aDatasetVersionAndTheImagesItHoldsAreMartsTooUntilItReleasesThem() throws Exception {
        String id = "img-" + UUID.randomUUID();
        String version = ACME + "/cats/v1";
        images.insertOne(received(id, ACME, Instant.parse("2026-11-25T08:00:00Z"), 10));
        // what catalog-service's datasets package writes: the version, and its hold on each image
        mongo.getDatabase("lake")
                .getCollection(CatalogColumns.DATASETS)
                .insertOne(new Document("_id", version)
                        .append(CatalogColumns.CUSTOMER_ID, ACME)
                        .append("name", "cats")
                        .append("version", 1L)
                        .append("state", "PUBLISHED")
                        .append(
                                "split",
                                new Document("train", 0.8)
                                        .append("validation", 0.1)
                                        .append("test", 0.1))
                        .append("images", 1)
                        .append("skipped", 0)
                        .append("bytes", 10L)
                        .append(
                                "split_counts",
                                new Document("train", 1).append("validation", 0).append("test", 0))
                        .append(CatalogColumns.CREATED_AT, new Date())
                        .append("published_at", new Date()));
        images.updateOne(
                Filters.eq(CatalogColumns.ID, id),
                new Document(
                        "$set",
                        new Document(CatalogColumns.DATASET_REFS, List.of("cats@v1"))
                                .append(CatalogColumns.CHANGED_AT, new Date())));
        refresher.refreshOnce();

        assertThat(admin("SELECT name, version, state, split_train, images, train_images FROM iceberg.marts.datasets"
                        + " WHERE dataset_id = '" + version + "'"))
                .containsExactly("cats|1|PUBLISHED|0.8|1|1");
        assertThat(query(
                        ACME,
                        "SELECT dataset_id, name, version FROM iceberg.marts.dataset_members WHERE image_id = '" + id
                                + "'"))
                .containsExactly(version + "|cats|1");
        assertThat(query(GLOBEX, "SELECT count(*) FROM iceberg.marts.datasets WHERE dataset_id = '" + version + "'"))
                .as("another tenant's analyst")
                .containsExactly("0");

        // the version deleted: catalog-service marks it and releases its images
        mongo.getDatabase("lake")
                .getCollection(CatalogColumns.DATASETS)
                .updateOne(
                        Filters.eq("_id", version),
                        new Document("$set", new Document("state", "DELETED").append("deleted_at", new Date())));
        images.updateOne(
                Filters.eq(CatalogColumns.ID, id),
                new Document(
                        "$set",
                        new Document(CatalogColumns.DATASET_REFS, List.of())
                                .append(CatalogColumns.CHANGED_AT, new Date())));
        refresher.refreshOnce();

        assertThat(admin("SELECT count(*) FROM iceberg.marts.dataset_members WHERE image_id = '" + id + "'"))
                .containsExactly("0");
        assertThat(admin("SELECT state, deleted_at IS NOT NULL FROM iceberg.marts.datasets WHERE dataset_id = '"
                        + version + "'"))
                .containsExactly("DELETED|true");
    }

    @Test
    void maintenanceCompactsAndKeepsAWeekOfSnapshotsForTimeTravel() throws Exception {
        String id = "img-" + UUID.randomUUID();
        images.insertOne(received(id, ACME, Instant.parse("2026-11-24T08:00:00Z"), 10));
        refresher.refreshOnce();
        String before = admin("SELECT CAST(current_timestamp AS varchar)").getFirst();
        normalize(id, Instant.parse("2026-11-24T08:00:01Z"));
        refresher.refreshOnce();
        long snapshots = Long.parseLong(
                admin("SELECT count(*) FROM iceberg.marts.\"images$snapshots\"").getFirst());

        refresher.maintain();

        assertThat(Long.parseLong(admin("SELECT count(*) FROM iceberg.marts.\"images$snapshots\"")
                        .getFirst()))
                .as("no snapshot younger than 7 days expires")
                .isGreaterThanOrEqualTo(snapshots);
        assertThat(admin("SELECT status FROM iceberg.marts.images FOR TIMESTAMP AS OF TIMESTAMP '" + before
                        + "' WHERE image_id = '" + id + "'"))
                .containsExactly("RECEIVED");
    }

    /** How many commits a mart's table has had (each MERGE that runs is one). */
    private static long snapshots(String mart) throws SQLException {
        return Long.parseLong(admin("SELECT count(*) FROM iceberg.marts.\"" + mart + "$snapshots\"")
                .getFirst());
    }

    private static String dailyStats(String tenant, String day) {
        return "SELECT status, images, bytes FROM iceberg.marts.daily_stats WHERE customer_id = '" + tenant
                + "' AND day = DATE '" + day + "' ORDER BY status";
    }

    /** What catalog-service writes for an ImageIngested. */
    private static Document received(String id, String tenant, Instant at, long bytes) {
        return new Document(CatalogColumns.ID, id)
                .append(CatalogColumns.CUSTOMER_ID, tenant)
                .append(CatalogColumns.SOURCE, "UPLOAD")
                .append(CatalogColumns.STATUS, "RECEIVED")
                .append(CatalogColumns.FORMAT, "jpeg")
                .append(CatalogColumns.BYTES, bytes)
                .append(CatalogColumns.CREATED_AT, Date.from(at))
                .append(CatalogColumns.SOURCE_TIME, Date.from(at))
                .append(CatalogColumns.TAGS, List.of("cat"))
                .append(
                        CatalogColumns.ZONES,
                        new Document(
                                "bronze",
                                new Document("bucket", "bronze")
                                        .append("key", tenant + "/" + id)
                                        .append("bytes", bytes)
                                        .append("at", Date.from(at))))
                .append(
                        CatalogColumns.LINEAGE,
                        new ArrayList<>(List.of(new Document("event", "ImageIngested")
                                .append("event_id", "e-" + id)
                                .append("from", null)
                                .append("to", "bronze")
                                .append("at", Date.from(at)))))
                .append(CatalogColumns.CHANGED_AT, new Date());
    }

    /** What catalog-service writes for an ImageNormalized (a newer verdict clears an older one's reasons). */
    private static void normalize(String id, Instant at) {
        images.updateOne(
                Filters.eq(CatalogColumns.ID, id),
                new Document(
                                "$set",
                                new Document(CatalogColumns.STATUS, "NORMALIZED")
                                        .append(CatalogColumns.NORMALIZED_AT, Date.from(at))
                                        .append(CatalogColumns.PIPELINE_VERSION, "v1")
                                        .append(CatalogColumns.WIDTH, 640)
                                        .append(CatalogColumns.HEIGHT, 480)
                                        .append(
                                                CatalogColumns.ZONES + ".silver",
                                                new Document("bytes", 900)
                                                        .append("width", 640)
                                                        .append("height", 480)
                                                        .append("format", "webp")
                                                        .append("at", Date.from(at)))
                                        .append(
                                                CatalogColumns.ORIGINAL,
                                                new Document("width", 4000)
                                                        .append("height", 3000)
                                                        .append("format", "jpeg")
                                                        .append("camera_make", "Canon")
                                                        .append("camera_model", "EOS"))
                                        .append(
                                                CatalogColumns.FEATURES,
                                                new Document("phash", "ffee0011")
                                                        .append("blur", 0.5)
                                                        .append("brightness", 0.4)
                                                        .append("contrast", 0.3))
                                        .append(
                                                CatalogColumns.CAPTION,
                                                new Document("language", "en")
                                                        .append("tokens", List.of("a", "black", "cat")))
                                        .append(CatalogColumns.CHANGED_AT, new Date()))
                        .append("$unset", new Document(CatalogColumns.REASONS, "")));
        images.updateOne(
                Filters.eq(CatalogColumns.ID, id),
                new Document(
                        "$push",
                        new Document(
                                CatalogColumns.LINEAGE,
                                new Document("event", "ImageNormalized")
                                        .append("event_id", "n-" + id)
                                        .append("from", "bronze")
                                        .append("to", "silver")
                                        .append("at", Date.from(at)))));
    }

    private static Endpoints endpoints() {
        return LakeInfra.start(InfraPart.MONGO, InfraPart.TRINO);
    }

    private static List<String> admin(String sql) throws SQLException {
        return query("admin", sql);
    }

    private static List<String> query(String user, String sql) throws SQLException {
        return TrinoFixtures.rows(endpoints().trinoUrl(), user, sql);
    }
}
