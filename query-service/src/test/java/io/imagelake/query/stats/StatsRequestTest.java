package io.imagelake.query.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagelake.support.errors.InvalidRequestException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatsRequestTest {

    @Test
    void aDateAsUpperBoundIncludesTheWholeDay() {
        StatsRequest request = StatsRequest.parse("2026-11-01", "2026-11-01", "day");

        assertThat(request.from()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(request.to()).isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
    }

    @Test
    void groupKeysAreMatchedAgainstTheAllowListInOrderWithoutRepeats() {
        StatsRequest request = StatsRequest.parse(null, null, "Format, customer,format");

        assertThat(request.groupBy()).containsExactly(StatsDimension.FORMAT, StatsDimension.CUSTOMER);
    }

    @Test
    void anUnknownGroupKeyIsNeverSplicedIntoSql() {
        assertThatThrownBy(() -> StatsRequest.parse(null, null, "customer,1;DROP TABLE images"))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.errors())
                                .extracting(InvalidRequestException.FieldError::field)
                                .containsExactly("groupBy"));
    }

    @Test
    void malformedOrInvertedBoundsAreReportedPerField() {
        assertThatThrownBy(() -> StatsRequest.parse("yesterday", "2026-01-01", null))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.errors())
                                .extracting(InvalidRequestException.FieldError::field)
                                .containsExactly("from"));
        assertThatThrownBy(() -> StatsRequest.parse("2026-02-01", "2026-01-01", null))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.errors())
                                .extracting(InvalidRequestException.FieldError::field)
                                .containsExactly("to"));
    }
}
