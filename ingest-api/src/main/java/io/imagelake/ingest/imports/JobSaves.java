package io.imagelake.ingest.imports;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When a running job is written back: after every {@code everyFiles} files (its checkpoint), and
 * whenever a third of the heartbeat timeout has passed, also while no file is done (the first count
 * of a large prefix, a slow file). Another instance takes a job over only when its heartbeat is
 * older than the timeout, so a job that is still running never looks dead.
 */
final class JobSaves {

    private final int everyFiles;
    private final Duration beat;
    private final Clock clock;
    private int files;
    private Instant last;

    JobSaves(int everyFiles, Duration heartbeatTimeout, Clock clock) {
        this.everyFiles = everyFiles;
        this.beat = heartbeatTimeout.dividedBy(3);
        this.clock = clock;
        this.last = clock.instant();
    }

    /** A file is done: true if the job should be written now. */
    boolean fileDone() {
        files++;
        return files >= everyFiles || heartbeatDue();
    }

    /** No file done, work going on: true if the job should be written now, to show it is alive. */
    boolean heartbeatDue() {
        return !clock.instant().isBefore(last.plus(beat));
    }

    /** The job was written. */
    void saved() {
        files = 0;
        last = clock.instant();
    }
}
