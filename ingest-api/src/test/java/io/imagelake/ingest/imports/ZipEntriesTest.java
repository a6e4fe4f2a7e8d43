package io.imagelake.ingest.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipEntriesTest {

    private static final int ATTEMPTS = 200;

    @Test
    void aZipWhoseCentralDirectoryCannotBeReadFailsAsInvalidAndLeavesNoFileOpen(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("bad.zip");
        try (InputStream found = getClass().getResourceAsStream("unreadable-central-directory.zip")) {
            Files.copy(found, zip);
        }
        long before = openFiles();
        for (int i = 0; i < ATTEMPTS; i++) {
            assertThatThrownBy(() -> ZipEntries.open(zip, 100)).isInstanceOf(ImportRunner.InvalidZipException.class);
        }
        // the old open leaked one descriptor per attempt; other threads of this JVM may open a few meanwhile
        assertThat(openFiles() - before).isLessThan(ATTEMPTS / 4);
    }

    private static long openFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
