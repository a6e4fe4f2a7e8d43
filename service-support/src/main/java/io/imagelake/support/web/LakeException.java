package io.imagelake.support.web;

import org.springframework.http.HttpStatus;

/**
 * Base of every error a client may see. Each subclass is one error kind with a stable problem
 * {@code type} ({@link ProblemTypes#uri(String)}); {@link LakeProblemHandler} renders it.
 */
public abstract class LakeException extends RuntimeException {

    private final String typeSlug;
    private final String title;
    private final HttpStatus status;

    protected LakeException(String typeSlug, String title, HttpStatus status, String detail) {
        this(typeSlug, title, status, detail, null);
    }

    protected LakeException(String typeSlug, String title, HttpStatus status, String detail, Throwable cause) {
        super(detail, cause);
        this.typeSlug = typeSlug;
        this.title = title;
        this.status = status;
    }

    public String typeSlug() {
        return typeSlug;
    }

    public String title() {
        return title;
    }

    public HttpStatus status() {
        return status;
    }

    /** Extra members of the problem document (e.g. {@code errors}); none by default. */
    public java.util.Map<String, Object> properties() {
        return java.util.Map.of();
    }
}
