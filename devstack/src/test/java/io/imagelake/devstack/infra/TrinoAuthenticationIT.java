package io.imagelake.devstack.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.imagelake.devstack.StackLayout;
import io.imagelake.devstack.process.Await;
import io.imagelake.devstack.process.FreePorts;
import io.imagelake.devstack.process.ManagedProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose's Trino authenticates its users, as compose configures it, on a real Trino: the files are made by
 * compose's own init script ({@code deploy/trino/security/init.sh}), the settings are compose's
 * ({@code deploy/trino/config.properties}, {@code password-authenticator.properties}, {@code rules.json}), and the
 * clients connect as compose's query-service, Prometheus and Superset do. Compose itself cannot run here (no Docker).
 */
class TrinoAuthenticationIT {

    private static final Path REPO = StackLayout.findRepo();
    private static final Map<String, String> PASSWORDS = new LinkedHashMap<>();

    private static Path security;
    private static Path ca;
    private static Path prometheusSecrets;
    private static ManagedProcess mongo;
    private static ManagedProcess trino;
    private static int httpPort;
    private static int httpsPort;

    @BeforeAll
    static void startTrinoAsComposeDoes() throws Exception {
        Path home = Files.createTempDirectory(Path.of("target"), "trino-authentication-")
                .toAbsolutePath();
        security = home.resolve("security");
        ca = home.resolve("ca");
        prometheusSecrets = home.resolve("prometheus");
        for (String user : List.of("admin", "lake-query", "superset", "prometheus", "acme")) {
            PASSWORDS.put(user, "pw-" + UUID.randomUUID());
        }
        initAsTrinoInitDoes(home);

        StackLayout layout = new StackLayout(REPO, home).prepared();
        int mongoPort = FreePorts.next();
        mongo = MongoWireServer.start(layout, mongoPort, false);
        try (MongoClient client = MongoClients.create(MongoWireServer.uri(mongoPort))) {
            client.getDatabase("lake")
                    .getCollection("images")
                    .insertMany(List.of(
                            new Document("_id", "a1")
                                    .append("customer_id", "acme")
                                    .append("format", "jpeg"),
                            new Document("_id", "a2")
                                    .append("customer_id", "acme")
                                    .append("format", "png"),
                            new Document("_id", "g1")
                                    .append("customer_id", "globex")
                                    .append("format", "jpeg")));
        }
        httpPort = FreePorts.next();
        httpsPort = FreePorts.next();
        trino = TrinoServer.start(
                layout,
                httpPort,
                MongoWireServer.uri(mongoPort),
                null,
                new TrinoServer.Authentication(
                        security, httpsPort, UUID.randomUUID().toString()),
                false);
        // started is not yet ready to schedule a query on a catalog ("No nodes available"): wait until it is
        Await.healthy(trino, Duration.ofSeconds(60), () -> {
            try (Connection admin = connect("admin", PASSWORDS.get("admin"), null)) {
                return TrinoServer.schedulesOnItsCatalogs(admin);
            } catch (SQLException e) {
                return false;
            }
        });
    }

    @AfterAll
    static void stop() {
        if (trino != null) {
            trino.kill();
        }
        if (mongo != null) {
            mongo.kill();
        }
    }

    @Test
    void aUserWithoutItsPasswordIsRefused() {
        assertThatThrownBy(() -> connect("admin", "not-" + PASSWORDS.get("admin"), null)
                        .createStatement()
                        .executeQuery("SELECT 1"))
                .hasMessageContaining("Authentication failed");
        assertThatThrownBy(() -> connect("globex", PASSWORDS.get("acme"), null)
                        .createStatement()
                        .executeQuery("SELECT 1"))
                .as("a tenant nobody gave a password")
                .hasMessageContaining("Authentication failed");
    }

    @Test
    void plainHttpRefusesUserRequestsEvenWithAPassword() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/v1/statement"))
                                .header("Authorization", basic("admin", PASSWORDS.get("admin")))
                                .header("X-Trino-User", "admin")
                                .POST(HttpRequest.BodyPublishers.ofString("SELECT 1"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isIn(401, 403);
    }

    @Test
    void theAdminAnalystSeesEveryTenant() throws SQLException {
        assertThat(countsByTenant(connect("admin", PASSWORDS.get("admin"), null)))
                .containsExactly(Map.entry("acme", 2L), Map.entry("globex", 1L));
    }

    @Test
    void aTenantsAnalystSeesOnlyItsRows() throws SQLException {
        assertThat(countsByTenant(connect("acme", PASSWORDS.get("acme"), null))).containsExactly(Map.entry("acme", 2L));
    }

    @Test
    void supersetQueriesAsItsLoggedInUserAndSeesWhatThatUserSees() throws SQLException {
        assertThat(countsByTenant(connect("superset", PASSWORDS.get("superset"), "acme")))
                .containsExactly(Map.entry("acme", 2L));
        assertThat(countsByTenant(connect("superset", PASSWORDS.get("superset"), "globex")))
                .containsExactly(Map.entry("globex", 1L));
        assertThat(countsByTenant(connect("superset", PASSWORDS.get("superset"), "admin")))
                .containsExactly(Map.entry("acme", 2L), Map.entry("globex", 1L));
    }

    @Test
    void supersetCannotBecomeAServiceAndAnAnalystCannotBecomeAnotherTenant() {
        for (String service : List.of("lake-query", "prometheus")) {
            assertThatThrownBy(() -> countsByTenant(connect("superset", PASSWORDS.get("superset"), service)))
                    .hasMessageContaining("cannot impersonate user " + service);
        }
        assertThatThrownBy(() -> countsByTenant(connect("acme", PASSWORDS.get("acme"), "globex")))
                .hasMessageContaining("cannot impersonate user globex");
        assertThatThrownBy(() -> countsByTenant(connect("acme", PASSWORDS.get("acme"), "admin")))
                .hasMessageContaining("cannot impersonate user admin");
    }

    @Test
    void queryServiceConnectsWithComposesUrlAndReadsTheRawCatalog() throws Exception {
        String composed = composeValue("LAKE_TRINO_URL");
        Matcher trust = Pattern.compile("SSLTrustStorePath=([^&]+)").matcher(composed);
        assertThat(trust.find())
                .as("compose's query-service trusts trino-init's certificate")
                .isTrue();
        String certificate = trust.group(1);
        assertThat(Files.readString(REPO.resolve("docker-compose.yml")))
                .as("the certificate's volume is mounted where the URL looks")
                .contains("trino-ca:" + certificate.substring(0, certificate.lastIndexOf('/')) + ":ro");
        String url = composed.replace("//trino:8443", "//127.0.0.1:" + httpsPort)
                .replace(certificate, ca.resolve("trino.crt").toString());
        Properties props = new Properties();
        props.setProperty("user", "lake-query");
        props.setProperty("password", PASSWORDS.get("lake-query"));
        assertThat(countsByTenant(DriverManager.getConnection(url, props)))
                .containsExactly(Map.entry("acme", 2L), Map.entry("globex", 1L));
    }

    @Test
    void prometheusScrapesTheMetricsOverHttpsWithThePasswordFileInitWrote() throws Exception {
        HttpClient https = HttpClient.newBuilder()
                .sslContext(trusting(ca.resolve("trino.crt")))
                .build();
        URI metrics = URI.create("https://127.0.0.1:" + httpsPort + "/metrics");
        String password = Files.readString(prometheusSecrets.resolve("trino-password"));
        HttpResponse<String> scrape = https.send(
                HttpRequest.newBuilder(metrics)
                        .header("Authorization", basic("prometheus", password))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("trino_execution_name_QueryManager_");
        assertThat(https.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(401);
        assertThat(https.send(
                                HttpRequest.newBuilder(metrics)
                                        .header("Authorization", basic("acme", PASSWORDS.get("acme")))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .as("an analyst reads no system information")
                .isEqualTo(403);
    }

    @Test
    void noAnalystNorServiceCanAddOrDropACatalog() {
        // devstack's Trino manages its catalogs dynamically (TrinoServer.schedulesOnItsCatalogs says why), which
        // makes CREATE and DROP CATALOG statements: the access rules must refuse them to every user
        for (String user : List.of("admin", "acme", "lake-query", "superset", "prometheus")) {
            assertThatThrownBy(
                            () -> rows(
                                    connect(user, PASSWORDS.get(user), null),
                                    "CREATE CATALOG copy USING mongodb WITH (\"mongodb.connection-url\" = 'mongodb://127.0.0.1/')"))
                    .as(user + " adds a catalog")
                    .hasMessageContaining("Access Denied");
            assertThatThrownBy(() -> rows(connect(user, PASSWORDS.get(user), null), "DROP CATALOG mongodb"))
                    .as(user + " drops the catalog")
                    .hasMessageContaining("Access Denied");
        }
    }

    @Test
    void thePasswordFileHoldsHashesNeverAPassword() throws IOException {
        String file = Files.readString(security.resolve("password.db"));
        assertThat(file.lines()).hasSize(PASSWORDS.size());
        PASSWORDS.values().forEach(password -> assertThat(file).doesNotContain(password));
        assertThat(file.lines())
                .allSatisfy(line -> assertThat(line).matches("[a-z-]+:100000:[0-9a-f]{32}:[0-9a-f]{64}"));
    }

    /** Runs compose's trino-init script with the passwords of a .env. */
    private static void initAsTrinoInitDoes(Path home) throws IOException, InterruptedException {
        ProcessBuilder init = new ProcessBuilder(
                        "sh",
                        REPO.resolve("deploy/trino/security/init.sh").toString(),
                        security.toString(),
                        ca.toString(),
                        prometheusSecrets.toString())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("trino-init.log").toFile());
        Map<String, String> env = init.environment();
        env.put("TRINO_ADMIN_PASSWORD", PASSWORDS.get("admin"));
        env.put("TRINO_LAKE_QUERY_PASSWORD", PASSWORDS.get("lake-query"));
        env.put("TRINO_SUPERSET_PASSWORD", PASSWORDS.get("superset"));
        env.put("TRINO_PROMETHEUS_PASSWORD", PASSWORDS.get("prometheus"));
        env.put("ANALYST_TENANT", "acme");
        env.put("ANALYST_PASSWORD", PASSWORDS.get("acme"));
        // this machine's user owns what it made (the containers' users are 1000 and 65534)
        String uid = String.valueOf(Files.getAttribute(home, "unix:uid"));
        env.put("TRINO_UID", uid);
        env.put("PROMETHEUS_UID", uid);
        Process process = init.start();
        assertThat(process.waitFor())
                .as(Files.readString(home.resolve("trino-init.log")))
                .isZero();
    }

    private static Connection connect(String user, String password, String sessionUser) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("SSL", "true");
        props.setProperty("SSLTrustStorePath", ca.resolve("trino.crt").toString());
        if (sessionUser != null) {
            props.setProperty("sessionUser", sessionUser);
        }
        return DriverManager.getConnection("jdbc:trino://127.0.0.1:" + httpsPort, props);
    }

    private static Map<String, Long> countsByTenant(Connection connection) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (connection) {
            for (List<Object> row : rows(
                    connection,
                    "SELECT customer_id, count(*) FROM mongodb.lake.images GROUP BY customer_id ORDER BY customer_id")) {
                counts.put((String) row.get(0), (Long) row.get(1));
            }
        }
        return counts;
    }

    private static List<List<Object>> rows(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<List<Object>> all = new ArrayList<>();
            while (rows.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    row.add(rows.getObject(i));
                }
                all.add(row);
            }
            return all;
        }
    }

    /** query-service's setting in docker-compose.yml (one line, {@code KEY: value}). */
    private static String composeValue(String key) throws IOException {
        Matcher value = Pattern.compile("(?m)^\\s+" + key + ": (\\S+)\\s*$")
                .matcher(Files.readString(REPO.resolve("docker-compose.yml")));
        assertThat(value.find()).as("docker-compose.yml sets " + key).isTrue();
        return value.group(1);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry(
                    "trino", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
