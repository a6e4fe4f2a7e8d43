package io.imagelake.devstack.services;

import io.imagelake.devstack.StackLayout;
import io.imagelake.devstack.process.LocalPlatformJvm;
import io.imagelake.devstack.process.OnceUnpacked;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How {@code ./lake up} starts a service fast, with {@link LocalPlatformJvm}'s options: from its jar extracted once
 * (Spring Boot's {@code jarmode=tools extract}: plain jars on a class path, which the JVM's class data archive needs),
 * with JDK 25's AOT cache (JEP 483 and 514). The first run trains it: {@code -XX:AOTCacheOutput} records the classes
 * the service loaded and linked, and writes the cache when the JVM exits ({@code ./lake down}); every later start maps
 * that cache instead of loading, verifying and linking the same classes again. A rebuilt jar is extracted into a new
 * directory, so a cache never outlives the classes it was made from (the JVM also refuses a cache whose class path
 * changed, and then runs without it). Measured in docs/benchmarks.md ("Platform start-up and footprint").
 *
 * @param jar the jar to run
 * @param jvmOptions the local platform's options for this start: C1 only, and use the cache or train one
 */
record AotLaunch(Path jar, List<String> jvmOptions) {

    /** The launch of {@code spec} from {@code executableJar}, its extracted copy and cache under {@code .lake/apps}. */
    static AotLaunch of(StackLayout layout, ServiceSpec spec, Path executableJar) {
        Path app = extracted(layout, spec.module(), executableJar);
        // the directory is the jar's build: a cache per service instance and flags
        Path cache = LocalPlatformJvm.cacheIn(app.getParent(), spec.name(), "");
        List<String> options = new ArrayList<>(LocalPlatformJvm.FLAGS);
        options.addAll(LocalPlatformJvm.aotCache(cache));
        return new AotLaunch(app, options);
    }

    /** {@code .lake/apps/<module>/<size>-<mtime>/<jar>}: one directory per build of the jar, older ones removed. */
    static Path extracted(StackLayout layout, String module, Path executableJar) {
        Path root = layout.repo().resolve(".lake").resolve("apps").resolve(module);
        try {
            String build = Files.size(executableJar) + "-"
                    + Files.getLastModifiedTime(executableJar).toMillis();
            Path dir = OnceUnpacked.install(
                    root,
                    build,
                    target -> Files.isRegularFile(target.resolve(executableJar.getFileName())),
                    staging -> extract(executableJar, staging));
            try (Stream<Path> builds = Files.list(root)) {
                for (Path older : builds.filter(p -> Files.isDirectory(p)
                                && !p.equals(dir)
                                && !p.getFileName().toString().endsWith(".unpacking"))
                        .toList()) {
                    OnceUnpacked.deleteRecursively(older);
                }
            }
            return dir.resolve(executableJar.getFileName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void extract(Path executableJar, Path staging) throws IOException, InterruptedException {
        Process tools = new ProcessBuilder(
                        StackLayout.java(),
                        "-Djarmode=tools",
                        "-jar",
                        executableJar.toString(),
                        "extract",
                        "--destination",
                        staging.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!tools.waitFor(2, TimeUnit.MINUTES) || tools.exitValue() != 0) {
            tools.destroyForcibly();
            throw new IOException("extracting " + executableJar + " failed");
        }
    }
}
