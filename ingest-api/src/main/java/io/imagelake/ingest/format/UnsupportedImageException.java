package io.imagelake.ingest.format;

import io.imagelake.support.errors.ErrorKind;
import io.imagelake.support.errors.PermanentException;

/** The bytes are not an image of a supported format (decided from the magic numbers). */
public class UnsupportedImageException extends PermanentException {

    public UnsupportedImageException(String detail) {
        super(ErrorKind.UNSUPPORTED, "unsupported-image", "Unsupported image", detail);
    }

    /** The format of bytes that start with {@code head}, or this error, with the same words wherever it is met. */
    public static ImageFormat requireFormat(byte[] head) {
        if (head.length == 0) {
            throw new UnsupportedImageException("the file is empty");
        }
        return ImageFormat.detect(head)
                .orElseThrow(() -> new UnsupportedImageException(
                        "not an image of a supported format (JPEG, PNG, GIF, WebP, BMP, TIFF, HEIC, AVIF)"));
    }
}
