package io.imagelake.ingest.staged;

import io.imagelake.support.errors.ErrorKind;
import io.imagelake.support.errors.InvalidRequestException;
import io.imagelake.support.errors.PermanentException;
import java.util.List;
import java.util.Map;

/** A direct upload's refusals at completion. */
final class DirectUploadErrors {

    private DirectUploadErrors() {}

    /** Completion asked before anything was PUT to the upload's URL: 409; PUT, then complete again. */
    static final class NotReceived extends PermanentException {
        NotReceived(String id) {
            super(
                    ErrorKind.CONFLICT,
                    "upload-not-received",
                    "Upload not received",
                    "nothing was PUT to upload " + id + "'s URL yet");
        }
    }

    /** The object is not what the client declared (size, type): 400 naming the field; the upload is removed. */
    static final class Mismatch extends PermanentException {
        private final String field;

        Mismatch(String field, String detail) {
            super(ErrorKind.INVALID, "upload-mismatch", "Upload does not match its declaration", detail);
            this.field = field;
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of("errors", List.of(new InvalidRequestException.FieldError(field, getMessage())));
        }
    }
}
