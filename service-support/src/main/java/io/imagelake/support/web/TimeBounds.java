package io.imagelake.support.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The {@code from}/{@code to} query parameters of every API: an ISO date (a whole UTC day) or an
 * ISO instant. As an upper bound a date includes its day ({@code to} is exclusive otherwise).
 */
public final class TimeBounds {

    private TimeBounds() {
    }

    /** Null for a missing value; a 400 naming {@code field} for a malformed one. */
    public static Instant parse(String field, String value, boolean upper) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (upper ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.of(field, "not an ISO date or instant: " + value);
        }
    }
}
