package io.imagelake.support.errors;

import java.util.Map;

/**
 * Base of every error a client or a consumer may see, typed by meaning, not by transport: each
 * subclass is one error with a stable problem {@code type} slug and a {@link ErrorKind}. The two
 * branches say what a caller does with it: {@link RetriableException} (try again later) and
 * {@link PermanentException} (the same input never succeeds), as Kafka's {@code RetriableException}
 * and Trino's error types do.
 */
public abstract sealed class LakeException extends RuntimeException permits RetriableException, PermanentException {

    private final String typeSlug;
    private final String title;
    private final ErrorKind kind;

    LakeException(ErrorKind kind, String typeSlug, String title, String detail, Throwable cause) {
        super(detail, cause);
        this.kind = kind;
        this.typeSlug = typeSlug;
        this.title = title;
    }

    public ErrorKind kind() {
        return kind;
    }

    public String typeSlug() {
        return typeSlug;
    }

    public String title() {
        return title;
    }

    /**
     * Whether the client should send the same request again later (the answer carries {@code Retry-After}):
     * every outage, and a conflict that passes by itself (a first request with the same key still running).
     */
    public boolean retryLater() {
        return kind.retriable();
    }

    /** Extra members of the problem document (e.g. {@code errors}); none by default. */
    public Map<String, Object> properties() {
        return Map.of();
    }
}
