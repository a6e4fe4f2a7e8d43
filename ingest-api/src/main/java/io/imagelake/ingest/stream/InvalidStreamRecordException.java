package io.imagelake.ingest.stream;

/** A stream record that can never become an image; it goes to the dead-letter topic. */
public class InvalidStreamRecordException extends RuntimeException {

    private final String code;

    public InvalidStreamRecordException(String code, String detail) {
        super(detail);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
