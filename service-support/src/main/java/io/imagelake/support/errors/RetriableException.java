package io.imagelake.support.errors;

/**
 * The infrastructure failed, not the input: the same request or record succeeds once the server is
 * back. HTTP answers 503 with Retry-After; a consumer waits the outage out and never dead-letters.
 */
public abstract non-sealed class RetriableException extends LakeException {

    protected RetriableException(String typeSlug, String title, String detail, Throwable cause) {
        super(ErrorKind.UNAVAILABLE, typeSlug, title, detail, cause);
    }
}
