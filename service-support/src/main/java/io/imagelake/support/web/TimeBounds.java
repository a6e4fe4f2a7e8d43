package io.imagelake.support.web;

import io.imagelake.support.errors.InvalidRequestException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The {@code from}/{@code to} query parameters of every API: an ISO date (a whole UTC day) or an
 * ISO instant. As an upper bound a date includes its day ({@code to} is exclusive otherwise).
 */
public final class TimeBounds {

    /** The years a bound may name: beyond them neither Mongo dates nor Trino timestamps say anything meaningful. */
    static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

    static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");

    private TimeBounds() {}

    /** Null for a missing value; a 400 naming {@code field} for a malformed one. */
    public static Instant parse(String field, String value, boolean upper) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant bound;
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                bound = (upper ? day.plusDays(1) : day)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
            } else {
                bound = Instant.parse(value);
            }
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.of(field, "not an ISO date or instant: " + value);
        }
        if (bound.isBefore(EARLIEST) || bound.isAfter(LATEST)) {
            throw InvalidRequestException.of(field, "out of range (years 1900-9999): " + value);
        }
        return bound;
    }
}
