package io.imagelake.ingest.format;

import io.imagelake.support.errors.ErrorKind;
import io.imagelake.support.errors.PermanentException;

/** The bytes are not an image of a supported format (decided from the magic numbers). */
public class UnsupportedImageException extends PermanentException {

    public UnsupportedImageException(String detail) {
        super(ErrorKind.UNSUPPORTED, "unsupported-image", "Unsupported image", detail);
    }
}
