package io.imagelake.ingest.imports;

import io.imagelake.support.errors.ErrorKind;
import io.imagelake.support.errors.PermanentException;

/** An uploaded zip over the import size limit. */
public class ZipTooLargeException extends PermanentException {

    public ZipTooLargeException(String limit) {
        super(ErrorKind.TOO_LARGE, "payload-too-large", "Payload too large", "the zip exceeds " + limit);
    }
}
