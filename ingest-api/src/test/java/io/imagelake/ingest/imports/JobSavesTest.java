package io.imagelake.ingest.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobSavesTest {

    @Test
    void aJobIsWrittenAfterEveryCheckpointsWorthOfFiles() {
        JobSaves saves =
                new JobSaves(3, Duration.ofSeconds(30), new MutableClock(Instant.parse("2026-12-02T00:00:00Z")));

        assertThat(saves.fileDone()).isFalse();
        assertThat(saves.fileDone()).isFalse();
        assertThat(saves.fileDone()).isTrue();
        saves.saved();
        assertThat(saves.fileDone()).isFalse();
    }

    @Test
    void aJobDoingNoFilesStillBeatsWellWithinTheTimeoutAfterWhichOthersTakeItOver() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-02T00:00:00Z"));
        JobSaves saves = new JobSaves(20, Duration.ofSeconds(30), clock);

        clock.advance(Duration.ofSeconds(9));
        assertThat(saves.heartbeatDue()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(saves.heartbeatDue()).as("a third of the timeout").isTrue();
        saves.saved();
        assertThat(saves.heartbeatDue()).isFalse();
        clock.advance(Duration.ofSeconds(10));
        assertThat(saves.fileDone())
                .as("a slow file, long before its checkpoint")
                .isTrue();
    }
}
