package io.imagelake.ingest.imports;

import io.imagelake.support.web.LakeException;
import org.springframework.http.HttpStatus;

/** An uploaded zip over the import size limit. */
public class ZipTooLargeException extends LakeException {

    public ZipTooLargeException(String limit) {
        super("payload-too-large", "Payload too large", HttpStatus.PAYLOAD_TOO_LARGE, "the zip exceeds " + limit);
    }
}
