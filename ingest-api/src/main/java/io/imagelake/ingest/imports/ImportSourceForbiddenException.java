package io.imagelake.ingest.imports;

import io.imagelake.support.errors.ErrorKind;
import io.imagelake.support.errors.PermanentException;

/** The tenant may not import from that bucket or prefix. */
public class ImportSourceForbiddenException extends PermanentException {

    public ImportSourceForbiddenException(String source) {
        super(
                ErrorKind.FORBIDDEN,
                "import-source-forbidden",
                "Import source not allowed",
                source + " is not a source this tenant may import from");
    }
}
