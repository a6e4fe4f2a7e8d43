package io.imagelake.normalizer.reprocessing;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What an operator sees of a reprocessing job: the tenant's originals received in [from, to)
 * re-normalized from bronze with {@code pipelineVersion}; with {@code force}, also those the
 * catalog already holds a verdict of that version for.
 */
public record ReprocessingJob(
        String id,
        String tenant,
        String from,
        String to,
        String pipelineVersion,
        boolean force,
        State state,
        long seen,
        /* already carrying this version's verdict (not taken again unless forced) */
        long skipped,
        long processed,
        long failed,
        double imagesPerSecond,
        Instant startedAt,
        Instant finishedAt,
        String error,
        List<Failure> failures) {

    public enum State {
        QUEUED,
        RUNNING,
        SUCCEEDED,
        FAILED
    }

    /** An image the job could not take through the pipeline (a transient failure that outlived the retries). */
    // named for the API description: one schema name across services
    @Schema(name = "ReprocessingFailure", description = "an image the job could not reprocess")
    public record Failure(String imageId, String reason) {}

    static double rate(long processed, Instant startedAt, Instant until) {
        if (startedAt == null) {
            return 0;
        }
        long millis = Duration.between(startedAt, until).toMillis();
        return millis <= 0 ? 0 : processed * 1000.0 / millis;
    }
}
