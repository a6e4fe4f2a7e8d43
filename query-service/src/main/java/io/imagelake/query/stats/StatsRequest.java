package io.imagelake.query.stats;

import io.imagelake.support.web.InvalidRequestException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** A parsed, validated stats question. {@code to} is exclusive. */
public record StatsRequest(Instant from, Instant to, List<StatsDimension> groupBy) {

    public static StatsRequest parse(String from, String to, String groupBy) {
        List<InvalidRequestException.FieldError> errors = new ArrayList<>();
        Instant fromInstant = parseBound("from", from, false, errors);
        Instant toInstant = parseBound("to", to, true, errors);
        LinkedHashSet<StatsDimension> dimensions = new LinkedHashSet<>();
        if (groupBy != null && !groupBy.isBlank()) {
            for (String key : groupBy.split(",")) {
                StatsDimension.byKey(key).ifPresentOrElse(dimensions::add, () -> errors.add(
                        new InvalidRequestException.FieldError("groupBy", "unknown key '" + key.trim()
                                + "' (allowed: customer, format, source, status, day)")));
            }
        }
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            errors.add(new InvalidRequestException.FieldError("to", "must be after from"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("invalid stats query", errors);
        }
        return new StatsRequest(fromInstant, toInstant, List.copyOf(dimensions));
    }

    /** An ISO date (a whole UTC day; as {@code to} it includes that day) or an ISO instant. */
    private static Instant parseBound(String field, String value, boolean upper,
                                      List<InvalidRequestException.FieldError> errors) {
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
            errors.add(new InvalidRequestException.FieldError(field, "not an ISO date or instant: " + value));
            return null;
        }
    }
}
