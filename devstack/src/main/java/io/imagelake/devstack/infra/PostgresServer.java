package io.imagelake.devstack.infra;

import io.imagelake.devstack.StackLayout;
import io.imagelake.devstack.process.Await;
import io.imagelake.devstack.process.ManagedProcess;
import io.imagelake.devstack.process.OnceUnpacked;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL 14 from zonky's binaries jar (resolved by Maven, unpacked once under
 * {@code .lake/postgres}), holding the Iceberg marts' JDBC catalog. Its data lives in the stack's
 * {@code data/postgres} and survives restarts. zonky's own {@code EmbeddedPostgres} is not used: it
 * ties the server to the launching JVM, and {@code ./lake up} leaves its servers running.
 *
 * <p>PostgreSQL refuses to run as root; as root (CI machines, containers) it runs as {@code nobody}
 * through {@code setpriv}, which execs, so the recorded pid is the postmaster's.
 */
public final class PostgresServer {

    public static final String NAME = "postgres";
    /** The database that holds the Iceberg catalog's tables. */
    public static final String DATABASE = "iceberg";
    /** Local-only defaults, like the S3 keys: docker-compose and Kubernetes take theirs from secrets. */
    public static final String DEFAULT_USER = "lake";

    public static final String DEFAULT_PASSWORD = "lake-local-only";

    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final String UNPRIVILEGED = "nobody";

    private PostgresServer() {}

    public static ManagedProcess start(StackLayout layout, int port, boolean detached) {
        Path install = install(layout);
        Path data = layout.data(NAME).resolve("pgdata");
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            if (!Files.exists(data.resolve("PG_VERSION"))) {
                initdb(layout, install, data, root);
            }
            List<String> command = new ArrayList<>(asUser(root));
            command.addAll(List.of(
                    install.resolve("bin/postgres").toString(),
                    "-D",
                    data.toString(),
                    "-p",
                    Integer.toString(port),
                    "-h",
                    "127.0.0.1",
                    // no Unix socket: its path would be too long under a test's target/, and TCP is what clients use
                    "-c",
                    "unix_socket_directories=",
                    "-c",
                    "max_connections=50",
                    "-c",
                    "shared_buffers=32MB",
                    // the marker devstack finds its processes by (a string setting, shown in the command line)
                    "-c",
                    "cluster_name=" + ManagedProcess.MARKER + NAME));
            ManagedProcess process = ManagedProcess.launch(
                    NAME, command, Map.of("LC_ALL", "C"), layout.data(NAME), layout.log(NAME), detached);
            String url = jdbcUrl(port, "postgres");
            Await.healthy(process, STARTUP, () -> healthy(url));
            createCatalogTables(layout, port);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String jdbcUrl(int port) {
        return jdbcUrl(port, DATABASE);
    }

    private static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public static boolean healthy(String jdbcUrl) {
        try (Connection connection = connect(jdbcUrl);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 1")) {
            return rows.next();
        } catch (SQLException e) {
            return false;
        }
    }

    private static Connection connect(String jdbcUrl) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", DEFAULT_USER);
        props.setProperty("password", DEFAULT_PASSWORD);
        props.setProperty("connectTimeout", "2");
        return DriverManager.getConnection(jdbcUrl, props);
    }

    /** The catalog's database and tables, from the same SQL file docker-compose's PostgreSQL runs at init. */
    private static void createCatalogTables(StackLayout layout, int port) throws IOException {
        String ddl = Files.readString(layout.repo().resolve("deploy/postgres/iceberg-catalog.sql"));
        try (Connection admin = connect(jdbcUrl(port, "postgres"));
                Statement statement = admin.createStatement()) {
            try (ResultSet exists =
                    statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!exists.next()) {
                    statement.execute("CREATE DATABASE " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the " + DATABASE + " database: " + e.getMessage(), e);
        }
        try (Connection connection = connect(jdbcUrl(port));
                Statement statement = connection.createStatement()) {
            statement.execute(ddl);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the Iceberg catalog's tables: " + e.getMessage(), e);
        }
    }

    private static void initdb(StackLayout layout, Path install, Path data, boolean root) throws IOException {
        Path fresh = data.resolveSibling(data.getFileName() + ".init");
        OnceUnpacked.deleteRecursively(fresh);
        Files.createDirectories(fresh);
        Path password = fresh.resolveSibling("initdb.pw");
        Files.writeString(password, DEFAULT_PASSWORD + "\n", StandardCharsets.UTF_8);
        if (root) {
            handTo(UNPRIVILEGED, fresh, password);
            requireReachable(install.resolve("bin/initdb"), fresh);
        }
        List<String> command = new ArrayList<>(asUser(root));
        command.addAll(List.of(
                install.resolve("bin/initdb").toString(),
                "-D",
                fresh.toString(),
                "-U",
                DEFAULT_USER,
                "--pwfile=" + password,
                "--auth=scram-sha-256",
                "-E",
                "UTF8",
                "--no-locale"));
        run(command, layout.log(NAME), "initdb");
        Files.delete(password);
        // initialised beside and renamed: a half-initialised cluster is never started
        Files.move(fresh, data, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> asUser(boolean root) {
        return root
                ? List.of("/usr/bin/setpriv", "--reuid=" + UNPRIVILEGED, "--regid=nogroup", "--clear-groups")
                : List.of();
    }

    private static void handTo(String user, Path... paths) throws IOException {
        UserPrincipal owner =
                paths[0].getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        for (Path path : paths) {
            Files.setOwner(path, owner);
        }
    }

    /** As root the server runs as nobody, who must be able to reach the binaries and the data directory. */
    private static void requireReachable(Path binary, Path data) throws IOException {
        for (Path dir = data.getParent(); dir != null; dir = dir.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IllegalStateException("PostgreSQL runs as " + UNPRIVILEGED + " (it refuses root), who cannot "
                        + "enter " + dir + " on the way to " + data + " and " + binary
                        + ": give the directory o+x, or run as another user");
            }
        }
    }

    private static void run(List<String> command, Path log, String what) throws IOException {
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Unpacks the binaries once into {@code <repo>/.lake/postgres/<jar>}: the jar holds one
     * {@code .txz}, extracted beside and renamed, so a half-unpacked install is never used.
     */
    public static Path install(StackLayout layout) {
        layout.prepared();
        Path jar = Path.of(layout.runtimeClasspath(NAME).split(File.pathSeparator)[0]);
        return OnceUnpacked.install(
                layout.postgresInstall(),
                jar.getFileName().toString().replace(".jar", ""),
                target -> Files.isExecutable(target.resolve("bin/postgres")),
                staging -> {
                    try (ZipFile zip = new ZipFile(jar.toFile())) {
                        var entry = zip.stream()
                                .filter(e -> e.getName().endsWith(".txz"))
                                .findFirst()
                                .orElseThrow(() -> new IllegalStateException(jar + " holds no .txz"));
                        try (InputStream in = zip.getInputStream(entry)) {
                            untarXz(in, staging);
                        }
                    }
                });
    }

    /**
     * Unpacks a tar.xz (files with their modes, directories, links) under {@code into}; in Java, so
     * that no xz program is needed on the machine.
     */
    private static void untarXz(InputStream in, Path into) throws IOException {
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(in)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("entry outside the archive's root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createLink(path, into.resolve(entry.getLinkName()).normalize());
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                perms.add(bits[i]);
            }
        }
        return perms;
    }
}
