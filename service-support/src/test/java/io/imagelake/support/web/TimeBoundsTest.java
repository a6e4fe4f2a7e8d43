package io.imagelake.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagelake.support.errors.InvalidRequestException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeBoundsTest {

    @Test
    void aDateIsAWholeUtcDayAndAnInstantIsItself() {
        assertThat(TimeBounds.parse("from", "2026-11-30", false)).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(TimeBounds.parse("to", "2026-11-30", true)).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(TimeBounds.parse("from", "2026-11-30T12:00:00Z", false))
                .isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
        assertThat(TimeBounds.parse("from", " ", false)).isNull();
    }

    @Test
    void absurdYearsAreABadRequestNamingTheField() {
        for (String absurd :
                new String[] {"+100000-01-01", "+100000-01-01T00:00:00Z", "-5000-01-01T00:00:00Z", "0001-01-01"}) {
            assertThatThrownBy(() -> TimeBounds.parse("from", absurd, false))
                    .isInstanceOfSatisfying(
                            InvalidRequestException.class,
                            e -> assertThat(e.errors())
                                    .extracting(InvalidRequestException.FieldError::field)
                                    .containsExactly("from"));
        }
    }
}
