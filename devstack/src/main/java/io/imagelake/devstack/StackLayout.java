package io.imagelake.devstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where things are: the repository (runtime classpaths of the embedded servers, service jars)
 * and a stack home (data, logs, pid records). {@code ./lake} uses {@code <repo>/.lake}; tests use
 * a directory of their own, but share the unpacked Trino under {@code <repo>/.lake/trino}.
 */
public record StackLayout(Path repo, Path home) {

    public static StackLayout forRepo(Path repo) {
        return new StackLayout(repo, repo.resolve(".lake"));
    }

    /** Finds the repository root from the working directory (a test runs inside a module). */
    public static Path findRepo() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("lake")) && Files.isDirectory(p.resolve("devstack"))) {
                return p;
            }
        }
        throw new IllegalStateException("not inside an ImageLake checkout (no ./lake above " + dir + ")");
    }

    /** Creates the stack home's folders (idempotent). */
    public StackLayout prepared() {
        try {
            for (Path dir : List.of(home, logs(), run(), home.resolve("data"), home.resolve("conf"))) {
                Files.createDirectories(dir);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path data(String component) {
        return home.resolve("data").resolve(component);
    }

    public Path logs() {
        return home.resolve("logs");
    }

    public Path log(String component) {
        return logs().resolve(component + ".log");
    }

    public Path run() {
        return home.resolve("run");
    }

    public Path conf(String component) {
        return home.resolve("conf").resolve(component);
    }

    /** The unpacked Trino is shared by every stack of this checkout (it is ~450 MB). */
    public Path trinoInstall() {
        return repo.resolve(".lake").resolve("trino");
    }

    /** Where the unpacked PostgreSQL binaries live, shared like Trino's. */
    public Path postgresInstall() {
        return repo.resolve(".lake").resolve("postgres");
    }

    /** The classpath (or, for Trino, the tarball path) that the server's runtime module resolved. */
    public String runtimeClasspath(String server) {
        Path file = repo.resolve("devstack/servers").resolve(server).resolve("target/runtime.classpath");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("missing " + file + ": build first (./mvnw -DskipTests package)");
        }
        try {
            String classpath = Files.readString(file).trim();
            Path classes = repo.resolve("devstack/servers").resolve(server).resolve("target/classes");
            return Files.isDirectory(classes) ? classes + File.pathSeparator + classpath : classpath;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The executable jar of a service module ({@code <module>/target/*-exec.jar}). */
    public Path serviceJar(String module) {
        Path target = repo.resolve(module).resolve("target");
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            return files.filter(p -> p.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no executable jar in " + target + ": build first (./mvnw -DskipTests package)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The java of the running JVM: the launcher itself runs on JDK 25, so do its children. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
