package io.imagelake.ingest.imports;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class JobSavesTest {

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-12-02T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aJobIsWrittenAfterEveryCheckpointsWorthOfFiles() {
        JobSaves saves = new JobSaves(3, Duration.ofSeconds(30), new TestClock());

        assertThat(saves.fileDone()).isFalse();
        assertThat(saves.fileDone()).isFalse();
        assertThat(saves.fileDone()).isTrue();
        saves.saved();
        assertThat(saves.fileDone()).isFalse();
    }

    @Test
    void aJobDoingNoFilesStillBeatsWellWithinTheTimeoutAfterWhichOthersTakeItOver() {
        TestClock clock = new TestClock();
        JobSaves saves = new JobSaves(20, Duration.ofSeconds(30), clock);

        clock.advance(Duration.ofSeconds(9));
        assertThat(saves.heartbeatDue()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(saves.heartbeatDue()).as("a third of the timeout").isTrue();
        saves.saved();
        assertThat(saves.heartbeatDue()).isFalse();
        clock.advance(Duration.ofSeconds(10));
        assertThat(saves.fileDone()).as("a slow file, long before its checkpoint").isTrue();
    }
}
