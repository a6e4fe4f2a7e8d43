package io.imagelake.query.stats;

import io.imagelake.support.errors.InvalidRequestException;
import io.imagelake.support.web.TimeBounds;
import java.time.Instant;
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
                StatsDimension.byKey(key)
                        .ifPresentOrElse(
                                dimensions::add,
                                () -> errors.add(new InvalidRequestException.FieldError(
                                        "groupBy",
                                        "unknown key '" + key.trim() + "' (allowed: " + StatsDimension.keys() + ")")));
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

    private static Instant parseBound(
            String field, String value, boolean upper, List<InvalidRequestException.FieldError> errors) {
        try {
            return TimeBounds.parse(field, value, upper);
        } catch (InvalidRequestException e) {
            errors.addAll(e.errors());
            return null;
        }
    }
}
