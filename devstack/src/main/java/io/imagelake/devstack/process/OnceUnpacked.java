package io.imagelake.devstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A server's distribution unpacked once under {@code .lake/}, shared by every stack of the checkout:
 * under a file lock (two launchers at once unpack it once), into a staging directory renamed when
 * complete, so that a half-unpacked install is never used.
 */
public final class OnceUnpacked {

    /** Fills the (empty) staging directory. */
    @FunctionalInterface
    public interface Unpack {
        void into(Path staging) throws IOException, InterruptedException;
    }

    private OnceUnpacked() {}

    /** {@code root/name}, unpacked by {@code unpack} unless {@code complete} already holds of it. */
    public static Path install(Path root, String name, Predicate<Path> complete, Unpack unpack) {
        Path target = root.resolve(name);
        if (complete.test(target)) {
            return target;
        }
        try {
            Files.createDirectories(root);
            try (FileChannel channel = FileChannel.open(
                            root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                if (complete.test(target)) {
                    return target;
                }
                Path staging = root.resolve(name + ".unpacking");
                deleteRecursively(staging);
                Files.createDirectories(staging);
                unpack.into(staging);
                // an install of an older build that lacks a part (e.g. a plugin added since) is replaced
                deleteRecursively(target);
                Files.move(staging, target);
                return target;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + name + " under " + root + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
