package io.imagelake.normalizer.reprocessing;

import java.time.Instant;

/**
 * A reprocessing job as {@link ReprocessingJobStore} keeps it: what an operator sees of it (as of its holder's last
 * save), where it starts again if the instance running it stops, and which instance holds it. Any instance answers a
 * {@code GET} from it.
 */
record StoredJob(ReprocessingJob job, Instant createdAt, Checkpoint resumeFrom, Holder holder) {

    /**
     * Where a job taken over starts again: the catalog page it was in ({@code cursor}, null for the first), with the
     * counts from before that page, so that nothing is counted twice when the page is read again.
     */
    record Checkpoint(String cursor, long seen, long skipped, long processed, long failed, int listedFailures) {

        static final Checkpoint START = new Checkpoint(null, 0, 0, 0, 0, 0);
    }

    /**
     * The instance that holds the job (its {@code lake.instance-id}, for the operator), the claim it holds
     * ({@code generation}) and its last heartbeat. {@link Instant#EPOCH} marks a job released by an instance that
     * stopped: the next to look takes it at once.
     */
    record Holder(String instance, long generation, Instant heartbeatAt) {}

    String id() {
        return job.id();
    }

    boolean finished() {
        return job.finishedAt() != null;
    }
}
