package io.imagelake.catalog.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ShardWriterTest {

    @TempDir
    Path dir;

    @Test
    void theSameImagesMakeTheSameShardBytesWhereverAndWheneverTheyAreWritten() throws Exception {
        ShardWriter.Shard first = write(dir.resolve("a.tar"));
        Thread.sleep(1100); // a clock-dependent header would differ now
        ShardWriter.Shard second = write(dir.resolve("b.tar"));

        assertThat(Files.readAllBytes(second.file())).isEqualTo(Files.readAllBytes(first.file()));
        assertThat(second.sha256()).isEqualTo(first.sha256());
        assertThat(first.images()).isEqualTo(2);
        assertThat(first.bytes()).isEqualTo(Files.size(first.file()));
    }

    private static ShardWriter.Shard write(Path file) throws Exception {
        try (ShardWriter writer = new ShardWriter(file)) {
            Instant at = Instant.parse("2026-11-01T10:15:30Z");
            writer.add("img-1", new byte[]{1, 2, 3}, "Con mèo", "{\"id\":\"img-1\"}".getBytes(StandardCharsets.UTF_8), at);
            writer.add("img-2", new byte[]{4, 5}, null, "{\"id\":\"img-2\"}".getBytes(StandardCharsets.UTF_8), at);
            return writer.finish();
        }
    }
}
