package io.imagelake.ingest.imports;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A bulk import and its progress, as stored (and checkpointed) in the object store. Immutable:
 * every change makes a new record.
 */
public record ImportJob(
        String jobId,
        String customerId,
        Kind kind,
        String bucket,
        String prefix,
        State state,
        Instant createdAt,
        Instant startedAt,
        Instant updatedAt,
        Instant finishedAt,
        Long filesTotal,
        long filesSeen,
        long filesImported,
        long filesSkipped,
        long filesFailed,
        long bytes,
        String checkpoint,
        List<Failure> failures,
        String owner,
        Instant heartbeatAt,
        String error) {

    public enum Kind {
        S3,
        ZIP
    }

    public enum State {
        QUEUED,
        RUNNING,
        SUCCEEDED,
        FAILED
    }

    /** SUCCEEDED or FAILED: nothing more will happen to the job. */
    public boolean ended() {
        return state == State.SUCCEEDED || state == State.FAILED;
    }

    /** A file that was skipped or failed, and why. */
    // named for the API description: one schema name across services
    @Schema(name = "ImportFailure", description = "a file the import could not take")
    public record Failure(String file, String code, String detail) {}

    public ImportJob {
        failures = failures == null ? List.of() : List.copyOf(failures);
    }

    public static ImportJob queued(
            String jobId, String customerId, Kind kind, String bucket, String prefix, Instant now) {
        return new ImportJob(
                jobId,
                customerId,
                kind,
                bucket,
                prefix,
                State.QUEUED,
                now,
                null,
                now,
                null,
                null,
                0,
                0,
                0,
                0,
                0,
                null,
                List.of(),
                null,
                null,
                null);
    }

    public ImportJob claimedBy(String owner, Instant now) {
        return new ImportJob(
                jobId,
                customerId,
                kind,
                bucket,
                prefix,
                State.RUNNING,
                createdAt,
                startedAt == null ? now : startedAt,
                now,
                null,
                filesTotal,
                filesSeen,
                filesImported,
                filesSkipped,
                filesFailed,
                bytes,
                checkpoint,
                failures,
                owner,
                now,
                null);
    }

    public ImportJob withTotal(long total) {
        return new ImportJob(
                jobId,
                customerId,
                kind,
                bucket,
                prefix,
                state,
                createdAt,
                startedAt,
                updatedAt,
                finishedAt,
                total,
                filesSeen,
                filesImported,
                filesSkipped,
                filesFailed,
                bytes,
                checkpoint,
                failures,
                owner,
                heartbeatAt,
                error);
    }

    /** Progress up to and including {@code file}, which is the new checkpoint. */
    public ImportJob progressed(
            String file, Outcome outcome, long fileBytes, Failure failure, int maxFailures, Instant now) {
        List<Failure> kept = failures;
        if (failure != null && failures.size() < maxFailures) {
            kept = new ArrayList<>(failures);
            kept.add(failure);
        }
        return new ImportJob(
                jobId,
                customerId,
                kind,
                bucket,
                prefix,
                state,
                createdAt,
                startedAt,
                now,
                finishedAt,
                filesTotal,
                filesSeen + 1,
                filesImported + (outcome == Outcome.IMPORTED ? 1 : 0),
                filesSkipped + (outcome == Outcome.SKIPPED ? 1 : 0),
                filesFailed + (outcome == Outcome.FAILED ? 1 : 0),
                bytes + (outcome == Outcome.IMPORTED ? fileBytes : 0),
                file,
                kept,
                owner,
                now,
                error);
    }

    /** The same job, alive at {@code now}. */
    public ImportJob heartbeat(Instant now) {
        return new ImportJob(
                jobId,
                customerId,
                kind,
                bucket,
                prefix,
                state,
                createdAt,
                startedAt,
                now,
                finishedAt,
                filesTotal,
                filesSeen,
                filesImported,
                filesSkipped,
                filesFailed,
                bytes,
                checkpoint,
                failures,
                owner,
                now,
                error);
    }

    /** The same progress with another checkpoint (zip imports count entries, not names). */
    public ImportJob withCheckpoint(String newCheckpoint) {
        return new ImportJob(
                jobId,
                customerId,
                kind,
                bucket,
                prefix,
                state,
                createdAt,
                startedAt,
                updatedAt,
                finishedAt,
                filesTotal,
                filesSeen,
                filesImported,
                filesSkipped,
                filesFailed,
                bytes,
                newCheckpoint,
                failures,
                owner,
                heartbeatAt,
                error);
    }

    public ImportJob finished(State end, String why, Instant now) {
        return new ImportJob(
                jobId,
                customerId,
                kind,
                bucket,
                prefix,
                end,
                createdAt,
                startedAt,
                now,
                now,
                filesTotal,
                filesSeen,
                filesImported,
                filesSkipped,
                filesFailed,
                bytes,
                checkpoint,
                failures,
                owner,
                now,
                why);
    }

    public enum Outcome {
        IMPORTED,
        SKIPPED,
        FAILED
    }

    /** Files per second since the job started. */
    public double rate(Instant now) {
        if (startedAt == null || filesSeen == 0) {
            return 0;
        }
        double seconds = Math.max(
                0.001,
                Duration.between(startedAt, finishedAt != null ? finishedAt : now)
                                .toMillis()
                        / 1000.0);
        return filesSeen / seconds;
    }

    /** Seconds left at the current rate, when the total is known. */
    public Long etaSeconds(Instant now) {
        double rate = rate(now);
        if (filesTotal == null || rate <= 0 || state != State.RUNNING) {
            return state == State.SUCCEEDED ? 0L : null;
        }
        return Math.round(Math.max(0, filesTotal - filesSeen) / rate);
    }
}
