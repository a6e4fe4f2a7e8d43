package io.imagelake.normalizer.imaging;

import io.imagelake.contracts.RejectionCode;

/**
 * An image that can never be normalized, with a stable reason code: retrying will not help, so the
 * pipeline records an {@code ImageRejected} instead.
 */
public class RejectedImageException extends RuntimeException {

    private final RejectionCode code;

    public RejectedImageException(RejectionCode code, String detail) {
        this(code, detail, null);
    }

    public RejectedImageException(RejectionCode code, String detail, Throwable cause) {
        super(detail, cause);
        this.code = code;
    }

    public RejectionCode code() {
        return code;
    }
}
