package io.imagelake.devstack.infra;

import io.imagelake.devstack.StackLayout;
import io.imagelake.devstack.process.Await;
import io.imagelake.devstack.process.LocalPlatformJvm;
import io.imagelake.devstack.process.ManagedProcess;
import io.imagelake.devstack.process.OnceUnpacked;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Trino server from the Maven-resolved tarball, unpacked once (plugins pruned to what the
 * lake uses), run as one JVM on the launcher's JDK 25 with the {@code mongodb} catalog.
 */
public final class TrinoServer {

    public static final String NAME = "trino";
    /**
     * Plugins kept from the tarball: the catalog (mongodb), the marts' table format (iceberg), and the password file
     * authenticator docker-compose's Trino uses ({@code deploy/trino/security}). Trino loads every plugin it finds at
     * start; the four others it shipped with here (hive, delta-lake, memory, tpch), which no catalog or test uses, cost
     * a quarter of its start-up CPU (19 -> 14 s, docs/benchmarks.md).
     */
    private static final Set<String> PLUGINS = Set.of("mongodb", "iceberg", "password-authenticators");
    /** Where compose's config names the files {@code deploy/trino/security/init.sh} makes. */
    static final String COMPOSE_SECURITY_DIR = "/etc/trino/security";

    private static final Duration STARTUP = Duration.ofSeconds(180);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private TrinoServer() {}

    /**
     * Where the {@code iceberg} catalog keeps the gold marts: its JDBC catalog in PostgreSQL, its
     * files in the object store. Passed to the coordinator as the environment that
     * {@code deploy/trino/catalog/iceberg.properties} reads.
     */
    public record Marts(String catalogJdbcUrl, String s3Endpoint, String s3AccessKey, String s3SecretKey) {

        public Map<String, String> environment() {
            return Map.of(
                    "LAKE_ICEBERG_JDBC_URL", catalogJdbcUrl,
                    "LAKE_ICEBERG_JDBC_USER", PostgresServer.DEFAULT_USER,
                    "LAKE_ICEBERG_JDBC_PASSWORD", PostgresServer.DEFAULT_PASSWORD,
                    "LAKE_S3_ENDPOINT", s3Endpoint,
                    "LAKE_S3_ACCESS_KEY", s3AccessKey,
                    "LAKE_S3_SECRET_KEY", s3SecretKey);
        }
    }

    /**
     * docker-compose's authentication, for a test of it: compose's own settings (the security lines of
     * {@code deploy/trino/config.properties}, {@code deploy/trino/password-authenticator.properties}) over the
     * files {@code deploy/trino/security/init.sh} made in {@code dir}, HTTPS on {@code httpsPort}.
     */
    public record Authentication(Path dir, int httpsPort, String sharedSecret) {

        private static final List<String> PREFIXES = List.of(
                "http-server.https.",
                "http-server.authentication.",
                "password-authenticator.",
                "internal-communication.");

        String configLines(Path repo, Path etc) throws IOException {
            Path authenticator = etc.resolve("password-authenticator.properties");
            Files.writeString(
                    authenticator,
                    Files.readString(repo.resolve("deploy/trino/password-authenticator.properties"))
                            .replace(COMPOSE_SECURITY_DIR, dir.toString()));
            try (var lines = Files.lines(repo.resolve("deploy/trino/config.properties"))) {
                return lines.filter(line -> PREFIXES.stream().anyMatch(line::startsWith))
                        .map(line -> line.startsWith("http-server.https.port=")
                                ? "http-server.https.port=" + httpsPort
                                : line)
                        .map(line -> line.startsWith("password-authenticator.config-files=")
                                ? "password-authenticator.config-files=" + authenticator
                                : line.replace(COMPOSE_SECURITY_DIR, dir.toString()))
                        .reduce("", (all, line) -> all + line + "\n");
            }
        }
    }

    /** Trino with the {@code mongodb} catalog over the lake's catalog, and the {@code iceberg} marts if given. */
    public static ManagedProcess start(StackLayout layout, int port, String mongoUri, Marts marts, boolean detached) {
        return start(layout, port, mongoUri, marts, null, detached);
    }

    /** The same, authenticating its users as docker-compose's Trino does when {@code authentication} is given. */
    public static ManagedProcess start(
            StackLayout layout,
            int port,
            String mongoUri,
            Marts marts,
            Authentication authentication,
            boolean detached) {
        Path install = install(layout);
        Path etc = layout.conf(NAME);
        Path data = layout.data(NAME);
        try {
            Files.createDirectories(etc.resolve("catalog"));
            Files.createDirectories(data);
            Files.writeString(etc.resolve("config.properties"), """
                    coordinator=true
                    node-scheduler.include-coordinator=true
                    http-server.http.port=%1$d
                    discovery.uri=http://127.0.0.1:%1$d
                    node.environment=lake
                    node.id=lake-trino
                    log.path=%2$s
                    node.internal-address=127.0.0.1
                    node.bind-ip=127.0.0.1
                    plugin.dir=%3$s
                    catalog.management=dynamic
                    catalog.store=file
                    query.max-memory=512MB
                    query.max-memory-per-node=384MB
                    access-control.config-files=%4$s
                    %5$s
                    %6$s
                    """.formatted(
                            port,
                            layout.logs().resolve("trino-server.log"),
                            install.resolve("plugin"),
                            etc.resolve("access-control.properties"),
                            openMetricsBeans(layout.repo()),
                            authentication == null ? "" : authentication.configLines(layout.repo(), etc)));
            // the catalogs' store (see schedulesOnItsCatalogs): read where Trino looks for it, etc/ under its working
            // directory; read-only, so no user can add or drop a catalog (CREATE and DROP CATALOG fail)
            Files.createDirectories(data.resolve("etc"));
            Files.writeString(data.resolve("etc/catalog-store.properties"), """
                    catalog.config-dir=%s
                    catalog.read-only=true
                    """.formatted(etc.resolve("catalog")));
            // what analysts may read: the images table, never the lake's other collections (API key hashes, buckets)
            Files.copy(
                    layout.repo().resolve("deploy/trino/rules.json"),
                    etc.resolve("rules.json"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(etc.resolve("access-control.properties"), """
                    access-control.name=file
                    security.config-file=%s
                    """.formatted(etc.resolve("rules.json")));
            Files.writeString(etc.resolve("log.properties"), "io.trino=WARN\nio.trino.server.Server=INFO\n");
            Files.writeString(etc.resolve("catalog/mongodb.properties"), """
                    connector.name=mongodb
                    mongodb.connection-url=%s
                    %s
                    """.formatted(
                            connectionUrl(mongoUri), catalogLine(layout.repo(), "mongodb.cursor-batch-size=")));
            Path iceberg = etc.resolve("catalog/iceberg.properties");
            if (marts != null) {
                Files.copy(
                        layout.repo().resolve("deploy/trino/catalog/iceberg.properties"),
                        iceberg,
                        StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(iceberg);
            }
            List<String> command = new ArrayList<>(List.of(
                    StackLayout.java(),
                    ManagedProcess.MARKER + NAME,
                    // as the services: a small start (not 1/64 of the machine's memory), grown as queries need it
                    "-Xms128m",
                    "-XX:+ExplicitGCInvokesConcurrent",
                    "-XX:+ExitOnOutOfMemoryError",
                    "-XX:-OmitStackTraceInFastThrow",
                    "-XX:ReservedCodeCacheSize=256M",
                    "-XX:PerMethodRecompilationCutoff=10000",
                    "-XX:PerBytecodeRecompilationCutoff=10000",
                    "-Djdk.attach.allowAttachSelf=true",
                    "-Djdk.nio.maxCachedBufferSize=2000000",
                    "-Dfile.encoding=UTF-8",
                    "-XX:+EnableDynamicAgentLoading",
                    "--enable-native-access=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--sun-misc-unsafe-memory-access=allow",
                    "-Dconfig=" + etc.resolve("config.properties"),
                    "-Dlog.levels-file=" + etc.resolve("log.properties")));
            String classpath = install.resolve("lib") + "/*";
            if (detached) {
                // the local platform's marts are a developer's: a smaller heap (still above query.max-memory-per-node
                // and the 30 % headroom Trino keeps), and the serial collector, whose one thread does not compete
                // with the services for two cores; tests keep Trino's usual G1
                command.addAll(List.of("-Xmx768m", "-XX:+UseSerialGC"));
                command.addAll(LocalPlatformJvm.options(layout, NAME, classpath));
            } else {
                command.addAll(List.of("-Xmx1G", "-XX:+UseG1GC"));
            }
            command.addAll(List.of("-cp", classpath, "io.trino.server.TrinoServer"));
            Map<String, String> environment = new HashMap<>(marts == null ? Map.of() : marts.environment());
            if (authentication != null) {
                environment.put("TRINO_INTERNAL_SHARED_SECRET", authentication.sharedSecret());
            }
            ManagedProcess process =
                    ManagedProcess.launch(NAME, command, environment, data, layout.log(NAME), detached);
            String url = jdbcUrl(port);
            // plain HTTP refuses every user once users authenticate: only the public /v1/info tells it started
            Await.healthy(process, STARTUP, () -> authentication == null ? healthy(url) : started(url));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The beans /metrics exports, as docker-compose's coordinator is configured ({@code deploy/trino}). */
    static String openMetricsBeans(Path repo) throws IOException {
        try (var lines = Files.lines(repo.resolve("deploy/trino/config.properties"))) {
            return lines.filter(line -> line.startsWith("openmetrics.jmx-object-names="))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("deploy/trino/config.properties names no beans"));
        }
    }

    /**
     * A setting of compose's mongodb catalog that devstack's shares (its connection differs): e.g. the
     * documents per reply of a scan, without which the embedded Mongo server answers a big scan in one
     * reply past the driver's 48 MB limit.
     */
    static String catalogLine(Path repo, String prefix) throws IOException {
        try (var lines = Files.lines(repo.resolve("deploy/trino/catalog/mongodb.properties"))) {
            return lines.filter(line -> line.startsWith(prefix))
                    .findFirst()
                    .orElseThrow(() ->
                            new IllegalStateException("deploy/trino/catalog/mongodb.properties has no " + prefix));
        }
    }

    public static String jdbcUrl(int port) {
        return "jdbc:trino://127.0.0.1:" + port;
    }

    /** Trino's mongodb connector wants the server URL without the database path. */
    static String connectionUrl(String mongoUri) {
        URI uri = URI.create(mongoUri);
        return uri.getScheme() + "://" + (uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@")
                + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + "/";
    }

    /**
     * Healthy once the server says it is no longer starting AND it can schedule a query on its catalogs: see
     * {@link #schedulesOnItsCatalogs}.
     */
    public static boolean healthy(String jdbcUrl) {
        if (!started(jdbcUrl)) {
            return false;
        }
        Properties props = new Properties();
        props.setProperty("user", "lake-health");
        try (Connection connection = DriverManager.getConnection(jdbcUrl, props)) {
            return schedulesOnItsCatalogs(connection);
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Whether a query reading the {@code mongodb} or {@code iceberg} catalog can run now: the coordinator counts
     * itself among the active nodes. That suffices because devstack's Trino manages its catalogs dynamically
     * ({@code catalog.management=dynamic}, which still loads them from the catalog directory at start): the
     * scheduler then takes every active node to hold every catalog. Under the default static management (compose's),
     * it runs a catalog's splits only on nodes whose announcement named that catalog, and the coordinator reads the
     * announcements at its node poll, every 5 s: for up to 5 s after "started" every query on a catalog failed with "No
     * nodes available to run query", while information_schema queries (run on the coordinator without that lookup)
     * already answered, which is what this check asked before and how a test once failed. Here there is one node,
     * and it holds every catalog.
     */
    public static boolean schedulesOnItsCatalogs(Connection connection) {
        try (Statement statement = connection.createStatement();
                ResultSet rows =
                        statement.executeQuery("SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'")) {
            return rows.next() && rows.getLong(1) > 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** The server says it is no longer starting (a public resource: no user needed). */
    static boolean started(String jdbcUrl) {
        String http =
                "http://" + URI.create(jdbcUrl.substring("jdbc:".length())).getAuthority();
        try {
            HttpResponse<String> info = HTTP.send(
                    HttpRequest.newBuilder(URI.create(http + "/v1/info"))
                            .timeout(Duration.ofSeconds(2))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return info.statusCode() == 200 && info.body().replace(" ", "").contains("\"starting\":false");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Unpacks the tarball once into {@code <repo>/.lake/trino/trino-server-<v>}, keeping lib/ and the
     * plugins we use. Unpacks beside and renames, so a half-unpacked install is never used.
     */
    public static Path install(StackLayout layout) {
        layout.prepared();
        Path tarball = Path.of(layout.runtimeClasspath(NAME).split(File.pathSeparator)[0]);
        return OnceUnpacked.install(
                layout.trinoInstall(),
                tarball.getFileName().toString().replace(".tar.gz", ""),
                // an install whose plugins are not exactly these (an older build's) is unpacked again
                target -> Files.isDirectory(target.resolve("lib")) && PLUGINS.equals(plugins(target)),
                staging -> {
                    // the tarball hard-links jars shared between plugins, so extract whole, then prune
                    Process tar = new ProcessBuilder(
                                    "tar", "-xzf", tarball.toString(), "-C", staging.toString(), "--strip-components=1")
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(
                                    layout.log(NAME).toFile()))
                            .start();
                    if (!tar.waitFor(15, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                        throw new IllegalStateException("unpacking " + tarball + " failed; see " + layout.log(NAME));
                    }
                    try (Stream<Path> plugins = Files.list(staging.resolve("plugin"))) {
                        for (Path plugin : plugins.filter(
                                        p -> !PLUGINS.contains(p.getFileName().toString()))
                                .toList()) {
                            OnceUnpacked.deleteRecursively(plugin);
                        }
                    }
                    OnceUnpacked.deleteRecursively(staging.resolve("secrets-plugin"));
                });
    }

    private static Set<String> plugins(Path install) {
        try (Stream<Path> plugins = Files.list(install.resolve("plugin"))) {
            return plugins.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }
}
