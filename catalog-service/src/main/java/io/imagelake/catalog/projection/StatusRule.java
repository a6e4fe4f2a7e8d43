package io.imagelake.catalog.projection;

import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.ImageNormalized;
import io.imagelake.contracts.ImagePromoted;
import io.imagelake.contracts.ImageRejected;
import io.imagelake.contracts.ImageStatus;
import java.util.Date;

/**
 * How an image's status moves, as a pure rule (the projector reads and writes; this decides):
 * forwards only within one pipeline version; an event of another version that happened after the
 * stored version's first verdict takes the status over, whatever its rank; a late event of the
 * older version changes nothing; a tombstone never moves.
 */
final class StatusRule {

    /** What the image's document holds now. {@code rank} is -1 when it has none. */
    record Stored(String status, int rank, String version, Date versionAt) {}

    enum Move {
        /** The status stays. */
        NONE,
        /** A higher rank of the same pipeline version (or of an event without a version). */
        FORWARDS,
        /** Another pipeline version's later verdict replaces the stored one. */
        TAKE_OVER;

        /** Whether the stored verdict's reasons and duplicate link go: a new version saw the image afresh. */
        boolean clearsVerdict(ImageStatus status) {
            return this == TAKE_OVER && (status == ImageStatus.NORMALIZED || status == ImageStatus.PROMOTED);
        }
    }

    private StatusRule() {}

    static Move decide(Stored stored, ImageStatus status, String version, Date at) {
        if (ImageStatus.ERASED.name().equals(stored.status())) {
            return Move.NONE;
        }
        String storedVersion = stored.version();
        if (version != null && storedVersion != null && !version.equals(storedVersion)) {
            return stored.versionAt() != null && at.after(stored.versionAt()) ? Move.TAKE_OVER : Move.NONE;
        }
        return stored.rank() < status.rank() ? Move.FORWARDS : Move.NONE;
    }

    /** The status an event stands for. */
    static ImageStatus statusOf(ImageEvent event) {
        return switch (event) {
            case ImageIngested ignored -> ImageStatus.RECEIVED;
            case ImageNormalized ignored -> ImageStatus.NORMALIZED;
            case ImagePromoted ignored -> ImageStatus.PROMOTED;
            case ImageRejected r -> r.status();
        };
    }

    /** The pipeline version whose verdict an event is; null for an ingest (no verdict yet). */
    static String pipelineVersion(ImageEvent event) {
        return switch (event) {
            case ImageNormalized e -> e.pipelineVersion();
            case ImageRejected e -> e.pipelineVersion();
            case ImagePromoted e -> e.pipelineVersion();
            case ImageIngested ignored -> null;
        };
    }
}
