package io.imagelake.query.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.imagelake.contracts.CatalogColumns;
import io.imagelake.devstack.Endpoints;
import io.imagelake.devstack.demo.LakeClient;
import io.imagelake.query.marts.MartRefresher;
import io.imagelake.testing.InfraPart;
import io.imagelake.testing.LakeInfra;
import io.imagelake.testing.TestIdentity;
import io.imagelake.testing.TrinoFixtures;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Stats computed by a real Trino from the gold marts (Iceberg on a real S3 server and PostgreSQL),
 * refreshed from catalog documents in a real Mongo wire-protocol server.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"lake.query.admin-tenants=ops-admin", "lake.marts.enabled=false", "lake.query.max-rows=3"})
class StatsIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String ACME = "acme-" + RUN;
    private static final String GLOBEX = "globex-" + RUN;
    private static final String INITECH = "initech-" + RUN;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        LakeInfra.properties(InfraPart.MONGO, InfraPart.TRINO).forEach((k, v) -> registry.add(k, () -> v));
    }

    @LocalServerPort
    int port;

    private LakeClient client;

    @BeforeAll
    static void seedCatalog() {
        Endpoints endpoints = LakeInfra.start(InfraPart.MONGO, InfraPart.TRINO);
        try (MongoClient mongo = MongoClients.create(endpoints.mongoUri())) {
            MongoDatabase db = mongo.getDatabase("lake");
            TrinoFixtures.publishCatalogSchema(db);
            db.getCollection(CatalogColumns.COLLECTION)
                    .insertMany(List.of(
                            image(ACME, "jpeg", "NORMALIZED", 100, "2026-11-01T10:00:00Z")
                                    .append(CatalogColumns.PIPELINE_VERSION, "v1"),
                            image(ACME, "jpeg", "NORMALIZED", 200, "2026-11-01T23:59:59Z")
                                    .append(CatalogColumns.PIPELINE_VERSION, "v1"),
                            image(ACME, "png", "REJECTED", 50, "2026-11-02T08:00:00Z")
                                    .append(
                                            CatalogColumns.REASONS,
                                            List.of(new Document("code", "CORRUPT").append("detail", "truncated"))),
                            image(GLOBEX, "jpeg", "RECEIVED", 1000, "2026-11-01T12:00:00Z"),
                            image(INITECH, "jpeg", "PROMOTED", 10, "2026-10-15T12:00:00Z"),
                            image(INITECH, "webp", "PROMOTED", 20, "2026-10-15T13:00:00Z")));
        }
    }

    @Autowired
    MartRefresher marts;

    @BeforeEach
    void setUp() {
        client = TestIdentity.client("http://127.0.0.1:" + port);
        marts.refreshOnce();
    }

    @Test
    void analystsReadTheImagesTableButNoOtherCollectionOfTheLake() throws Exception {
        Endpoints endpoints = LakeInfra.start(InfraPart.MONGO, InfraPart.TRINO);
        try (MongoClient mongo = MongoClients.create(endpoints.mongoUri())) {
            mongo.getDatabase("lake")
                    .getCollection("api_keys")
                    .insertOne(new Document("_id", "k-" + RUN).append("secret_sha256", "00"));
        }
        // the admin analyst: a tenant's sees only its rows (MartsIT)
        try (Connection trino = DriverManager.getConnection(endpoints.trinoUrl(), "admin", null);
                Statement sql = trino.createStatement()) {
            try (ResultSet rows = sql.executeQuery("SELECT count(*) FROM mongodb.lake.images")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isGreaterThanOrEqualTo(4);
            }
            Assertions.assertThatThrownBy(() -> sql.executeQuery("SELECT * FROM mongodb.lake.api_keys"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Access Denied");
        }
    }

    @Test
    void countsAndBytesAreGroupedAsAsked() {
        JsonNode rows = client.get(ACME, "/api/v1/stats/images?groupBy=format,status")
                .json()
                .get("rows");

        assertThat(rows).hasSize(2);
        assertThat(row(rows, 0)).isEqualTo("jpeg NORMALIZED 2 300");
        assertThat(row(rows, 1)).isEqualTo("png REJECTED 1 50");
    }

    @Test
    void aTenantSeesOnlyItsOwnRows() {
        JsonNode rows = client.get(GLOBEX, "/api/v1/stats/images?groupBy=customer")
                .json()
                .get("rows");

        assertThat(rows).hasSize(1);
        assertThat(row(rows, 0)).isEqualTo(GLOBEX + " 1 1000");
    }

    @Test
    void anAdminSeesEveryTenant() {
        JsonNode rows = client.get("ops-admin", "/api/v1/stats/images?groupBy=customer&from=2026-11-01&to=2026-11-02")
                .json()
                .get("rows");

        assertThat(rows.findValuesAsString("customer")).contains(ACME, GLOBEX);
    }

    @Test
    void daysAreUtcDaysAndTheRangeIsHonoured() {
        JsonNode rows = client.get(ACME, "/api/v1/stats/images?groupBy=day&from=2026-11-01&to=2026-11-01")
                .json()
                .get("rows");

        assertThat(rows).hasSize(1);
        assertThat(row(rows, 0)).isEqualTo("2026-11-01 2 300");
    }

    @Test
    void reasonsAndPipelineVersionsAreGroupKeysToo() {
        assertThat(row(
                        client.get(ACME, "/api/v1/stats/images?groupBy=reason")
                                .json()
                                .get("rows"),
                        0))
                .isEqualTo("CORRUPT 1 50");
        JsonNode pipelines = client.get(ACME, "/api/v1/stats/images?groupBy=pipeline&to=2026-11-01")
                .json()
                .get("rows");
        assertThat(pipelines).hasSize(1);
        assertThat(row(pipelines, 0)).isEqualTo("v1 2 300");
    }

    @Test
    void boundsWithinADayAreHonouredToTheSecond() {
        JsonNode rows = client.get(ACME, "/api/v1/stats/images?groupBy=status&from=2026-11-01T12:00:00Z&to=2026-11-01")
                .json()
                .get("rows");

        assertThat(rows).hasSize(1);
        assertThat(row(rows, 0)).isEqualTo("NORMALIZED 1 200");
    }

    @Test
    void anAnswerWiderThanTheRowLimitIsABadRequestNotACutShortAnswer() {
        LakeClient.Answer answer = client.get("ops-admin", "/api/v1/stats/images?groupBy=customer,format");

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("type").asString()).isEqualTo("https://imagelake.dev/problems/validation");
        assertThat(answer.json().get("errors").get(0).get("message").asString()).contains("more than 3 rows");
    }

    @Test
    void anUnknownGroupKeyIsABadRequest() {
        LakeClient.Answer answer = client.get(ACME, "/api/v1/stats/images?groupBy=colour");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("type").asString()).isEqualTo("https://imagelake.dev/problems/validation");
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("groupBy");
    }

    private static String row(JsonNode rows, int i) {
        StringBuilder out = new StringBuilder();
        rows.get(i)
                .properties()
                .forEach(e ->
                        out.append(out.isEmpty() ? "" : " ").append(e.getValue().asString()));
        return out.toString();
    }

    private static Document image(String tenant, String format, String status, long bytes, String createdAt) {
        return new Document(CatalogColumns.ID, UUID.randomUUID().toString())
                .append(CatalogColumns.CUSTOMER_ID, tenant)
                .append(CatalogColumns.SOURCE, "UPLOAD")
                .append(CatalogColumns.STATUS, status)
                .append(CatalogColumns.FORMAT, format)
                .append(CatalogColumns.BYTES, bytes)
                .append(CatalogColumns.CREATED_AT, Date.from(Instant.parse(createdAt)))
                .append(CatalogColumns.CHANGED_AT, new Date());
    }
}
