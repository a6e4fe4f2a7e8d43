package io.imagelake.ingest.format;

import io.imagelake.support.web.LakeException;
import org.springframework.http.HttpStatus;

/** The bytes are not an image of a supported format (decided from the magic numbers). */
public class UnsupportedImageException extends LakeException {

    public UnsupportedImageException(String detail) {
        super("unsupported-image", "Unsupported image", HttpStatus.UNSUPPORTED_MEDIA_TYPE, detail);
    }
}
