package io.imagelake.ingest.imports;

import io.imagelake.support.web.LakeException;
import org.springframework.http.HttpStatus;

/** The tenant may not import from that bucket or prefix. */
public class ImportSourceForbiddenException extends LakeException {

    public ImportSourceForbiddenException(String source) {
        super("import-source-forbidden", "Import source not allowed", HttpStatus.FORBIDDEN,
                source + " is not a source this tenant may import from");
    }
}
