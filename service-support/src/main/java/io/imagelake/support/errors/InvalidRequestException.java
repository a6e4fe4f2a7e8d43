package io.imagelake.support.errors;

import java.util.List;
import java.util.Map;

/** A request whose parameters or body fail validation; {@code errors} names each field. */
public class InvalidRequestException extends PermanentException {

    public record FieldError(String field, String message) {}

    private final List<FieldError> errors;

    public InvalidRequestException(String detail, List<FieldError> errors) {
        super(ErrorKind.INVALID, "validation", "Invalid request", detail);
        this.errors = List.copyOf(errors);
    }

    public static InvalidRequestException of(String field, String message) {
        return new InvalidRequestException(field + ": " + message, List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("errors", errors);
    }
}
