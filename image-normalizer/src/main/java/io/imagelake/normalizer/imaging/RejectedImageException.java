package io.imagelake.normalizer.imaging;

/**
 * An image that can never be normalized, with a stable reason code: retrying will not help, so the
 * pipeline records an {@code ImageRejected} instead.
 */
public class RejectedImageException extends RuntimeException {

    private final String code;

    public RejectedImageException(String code, String detail) {
        this(code, detail, null);
    }

    public RejectedImageException(String code, String detail, Throwable cause) {
        super(detail, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
