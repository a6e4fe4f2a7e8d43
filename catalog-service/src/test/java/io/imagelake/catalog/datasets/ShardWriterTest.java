package io.imagelake.catalog.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardWriterTest {

    private static final Instant GOLD_AT = Instant.parse("2026-11-01T10:15:30Z");

    @TempDir
    Path dir;

    @Test
    void theSameImagesMakeTheSameShardBytesWhereverAndWheneverTheyAreWritten() throws Exception {
        ShardWriter.Shard first = write(dir.resolve("a.tar"));
        ShardWriter.Shard second = write(dir.resolve("b.tar"));

        assertThat(Files.readAllBytes(second.file())).isEqualTo(Files.readAllBytes(first.file()));
        assertThat(second.sha256()).isEqualTo(first.sha256());
        assertThat(first.images()).isEqualTo(2);
        assertThat(first.bytes()).isEqualTo(Files.size(first.file()));
    }

    @Test
    void everyEntryCarriesTheTimeTheImageEnteredGoldNotTheTimeOfWriting() throws Exception {
        ShardWriter.Shard shard = write(dir.resolve("c.tar"));

        try (var tar = new TarArchiveInputStream(Files.newInputStream(shard.file()))) {
            int entries = 0;
            for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                assertThat(entry.getModTime().toInstant()).as(entry.getName()).isEqualTo(GOLD_AT);
                entries++;
            }
            assertThat(entries)
                    .as("image, caption (empty when there is none) and json of each image")
                    .isEqualTo(6);
        }
    }

    private static ShardWriter.Shard write(Path file) throws Exception {
        try (ShardWriter writer = new ShardWriter(file)) {
            writer.add(
                    "img-1",
                    new byte[] {1, 2, 3},
                    "Con mèo",
                    "{\"id\":\"img-1\"}".getBytes(StandardCharsets.UTF_8),
                    GOLD_AT);
            writer.add(
                    "img-2", new byte[] {4, 5}, null, "{\"id\":\"img-2\"}".getBytes(StandardCharsets.UTF_8), GOLD_AT);
            return writer.finish();
        }
    }
}
