package io.imagelake.devstack.process;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * What a stack started, recorded under {@code <home>/run}: one file per component with its pid,
 * port, log and health check, numbered in start order so {@code down} stops in reverse.
 */
public final class RunRegistry {

    /** A recorded component. {@code health} is how to check it (see {@code Stack#healthy}). */
    public record Entry(int order, String name, long pid, int port, Path log, String health) {
        public ManagedProcess process() {
            return ManagedProcess.adopt(name, pid, log);
        }
    }

    private final Path dir;

    public RunRegistry(Path dir) {
        this.dir = dir;
    }

    public void record(Entry entry) {
        Properties p = new Properties();
        p.setProperty("order", Integer.toString(entry.order()));
        p.setProperty("name", entry.name());
        p.setProperty("pid", Long.toString(entry.pid()));
        p.setProperty("port", Integer.toString(entry.port()));
        p.setProperty("log", entry.log().toString());
        p.setProperty("health", entry.health());
        try {
            Files.createDirectories(dir);
            try (Writer out = Files.newBufferedWriter(file(entry.name()))) {
                p.store(out, "started by ./lake");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void remove(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Entry> entries() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".run"))
                    .map(RunRegistry::read)
                    .sorted(Comparator.comparingInt(Entry::order))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Entry> find(String name) {
        return Files.exists(file(name)) ? Optional.of(read(file(name))) : Optional.empty();
    }

    private Path file(String name) {
        return dir.resolve(name + ".run");
    }

    private static Entry read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Entry(
                Integer.parseInt(p.getProperty("order")),
                p.getProperty("name"),
                Long.parseLong(p.getProperty("pid")),
                Integer.parseInt(p.getProperty("port")),
                Path.of(p.getProperty("log")),
                p.getProperty("health"));
    }
}
