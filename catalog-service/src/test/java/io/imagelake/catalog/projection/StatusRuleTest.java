package io.imagelake.catalog.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.catalog.projection.StatusRule.Move;
import io.imagelake.catalog.projection.StatusRule.Stored;
import io.imagelake.contracts.ImageStatus;
import java.util.Date;
import org.junit.jupiter.api.Test;

class StatusRuleTest {

    private static final Date T0 = new Date(1_000_000);
    private static final Date LATER = new Date(2_000_000);
    private static final Date EARLIER = new Date(500_000);

    private static Stored stored(ImageStatus status, String version, Date at) {
        return new Stored(status.name(), status.rank(), version, at);
    }

    @Test
    void withinOneVersionTheStatusMovesForwardsOnly() {
        Stored normalized = stored(ImageStatus.NORMALIZED, "v1", T0);

        assertThat(StatusRule.decide(normalized, ImageStatus.PROMOTED, "v1", LATER))
                .isEqualTo(Move.FORWARDS);
        assertThat(StatusRule.decide(normalized, ImageStatus.RECEIVED, null, LATER))
                .as("a late ingest")
                .isEqualTo(Move.NONE);
        assertThat(StatusRule.decide(stored(ImageStatus.PROMOTED, "v1", T0), ImageStatus.NORMALIZED, "v1", LATER))
                .as("a redelivered normalization after the verdict")
                .isEqualTo(Move.NONE);
    }

    @Test
    void aLaterVerdictOfAnotherPipelineVersionTakesTheStatusOverWhateverItsRank() {
        Stored rejected = stored(ImageStatus.REJECTED, "v1", T0);

        Move move = StatusRule.decide(rejected, ImageStatus.NORMALIZED, "v2", LATER);

        assertThat(move).isEqualTo(Move.TAKE_OVER);
        assertThat(move.clearsVerdict(ImageStatus.NORMALIZED))
                .as("v1's reasons are not v2's")
                .isTrue();
        assertThat(move.clearsVerdict(ImageStatus.REJECTED))
                .as("a rejection brings its own reasons")
                .isFalse();
    }

    @Test
    void aLateEventOfTheOlderVersionChangesNothing() {
        Stored reprocessed = stored(ImageStatus.NORMALIZED, "v2", T0);

        assertThat(StatusRule.decide(reprocessed, ImageStatus.PROMOTED, "v1", EARLIER))
                .isEqualTo(Move.NONE);
    }

    @Test
    void aTombstoneNeverMoves() {
        Stored erased = stored(ImageStatus.ERASED, "v1", T0);

        assertThat(StatusRule.decide(erased, ImageStatus.PROMOTED, "v2", LATER)).isEqualTo(Move.NONE);
        assertThat(StatusRule.decide(erased, ImageStatus.PROMOTED, "v1", LATER)).isEqualTo(Move.NONE);
    }

    @Test
    void aDocumentWithoutStatusOrVersionTakesTheFirstVerdict() {
        Stored bare = new Stored(null, -1, null, null);

        assertThat(StatusRule.decide(bare, ImageStatus.RECEIVED, null, T0)).isEqualTo(Move.FORWARDS);
        assertThat(StatusRule.decide(stored(ImageStatus.RECEIVED, null, null), ImageStatus.NORMALIZED, "v1", T0))
                .as("the ingest had no version")
                .isEqualTo(Move.FORWARDS);
    }
}
