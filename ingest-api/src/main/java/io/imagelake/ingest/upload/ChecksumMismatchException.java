package io.imagelake.ingest.upload;

import io.imagelake.support.errors.ErrorKind;
import io.imagelake.support.errors.InvalidRequestException;
import io.imagelake.support.errors.PermanentException;
import java.util.List;
import java.util.Map;

/** The bytes' SHA-256 is not the one the client declared for them: nothing of them is kept. */
public class ChecksumMismatchException extends PermanentException {

    public ChecksumMismatchException(String declared, String actual) {
        super(
                ErrorKind.INVALID,
                "checksum-mismatch",
                "Checksum mismatch",
                "the bytes' SHA-256 is " + actual + ", not the " + declared + " declared");
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("errors", List.of(new InvalidRequestException.FieldError("sha256", getMessage())));
    }
}
