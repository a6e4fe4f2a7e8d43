package io.imagelake.support.errors;

/**
 * The input is wrong for good (invalid, unknown, forbidden, too large…): retrying it never helps.
 * HTTP answers the kind's 4xx; a consumer dead-letters the record at once.
 */
public abstract non-sealed class PermanentException extends LakeException {

    protected PermanentException(ErrorKind kind, String typeSlug, String title, String detail) {
        super(requirePermanent(kind), typeSlug, title, detail, null);
    }

    private static ErrorKind requirePermanent(ErrorKind kind) {
        if (kind.retriable()) {
            throw new IllegalArgumentException(kind + " is retriable: extend RetriableException");
        }
        return kind;
    }
}
