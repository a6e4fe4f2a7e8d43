package io.imagelake.devstack.process;

import io.imagelake.devstack.StackLayout;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The JVM options of what {@code ./lake up} runs, beyond those tests and benchmarks start the same parts with: the
 * local platform is tuned to start fast on two shared cores. Measured in docs/benchmarks.md ("Start-up and footprint,
 * third round").
 *
 * <ul>
 *   <li><b>Compact object headers</b> ({@code -XX:+UseCompactObjectHeaders}, JEP 519): 8-byte headers, smaller heaps.
 *   <li><b>C1 only</b> ({@code -XX:TieredStopAtLevel=1}). Eleven JVMs starting at once spent more than half of their
 *       CPU in C2 compiling start-up code that runs a few times: each service used 17 s of CPU to become healthy,
 *       6 s without C2, and the platform was up in 38 s instead of 73 s. The local platform serves a developer and
 *       the demo; the benchmarks measure peak speed on stacks of their own, with both compilers, as a deployment
 *       runs.
 *   <li><b>The AOT cache</b> (JDK 25, JEP 483 and 514) of a part run from a class path of jars: the first run trains
 *       it ({@code -XX:AOTCacheOutput}, written when the JVM exits at {@code ./lake down}), every later run maps it
 *       instead of loading, verifying and linking the same classes again. The services get theirs from their
 *       extracted jars ({@code services.AotLaunch}).
 * </ul>
 */
public final class LocalPlatformJvm {

    /** C1 only, and compact object headers (see the class comment). */
    public static final List<String> FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseCompactObjectHeaders");

    private LocalPlatformJvm() {}

    /**
     * The options of infrastructure part {@code name} run from {@code classpath}: {@link #FLAGS}, and its AOT cache
     * under {@code .lake/aot} when the class path holds only jars (the cache cannot hold classes from a directory).
     */
    public static List<String> options(StackLayout layout, String name, String classpath) {
        List<String> options = new ArrayList<>(FLAGS);
        if (Arrays.stream(classpath.split(File.pathSeparator))
                .allMatch(entry -> entry.endsWith(".jar") || entry.endsWith(File.separator + "*"))) {
            options.addAll(aotCache(cacheFor(layout, name, classpath)));
        }
        return options;
    }

    /** Map the cache when one was written, else train one (written when the JVM exits). */
    public static List<String> aotCache(Path cache) {
        return Files.isRegularFile(cache) ? List.of("-XX:AOTCache=" + cache) : List.of("-XX:AOTCacheOutput=" + cache);
    }

    /**
     * {@code .lake/aot/<name>-<digest>.aot}, the digest of the class path and {@link #FLAGS}: another class path (an
     * upgraded server) or other flags train a cache of their own (the JVM refuses a cache trained with other flags,
     * since compact headers change the archived objects, and would run without one).
     */
    static Path cacheFor(StackLayout layout, String name, String classpath) {
        return cacheIn(layout.repo().resolve(".lake").resolve("aot"), name, classpath);
    }

    /** {@code <dir>/<name>-<digest of key and FLAGS>.aot}; the part's older caches in {@code dir} are removed. */
    public static Path cacheIn(Path dir, String name, String key) {
        String prefix = name + "-";
        Path cache = dir.resolve(prefix + HexFormat.of().toHexDigits((key + FLAGS).hashCode()) + ".aot");
        try {
            Files.createDirectories(dir);
            try (Stream<Path> caches = Files.list(dir)) {
                for (Path older : caches.filter(p -> !p.equals(cache)
                                && p.getFileName().toString().startsWith(prefix)
                                && p.getFileName().toString().endsWith(".aot"))
                        .toList()) {
                    Files.deleteIfExists(older);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cache;
    }
}
