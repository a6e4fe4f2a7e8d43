package io.imagelake.support.errors;

/**
 * What an error means, without a transport: the web layer maps each kind to an HTTP status
 * ({@code LakeProblemHandler}), the Kafka consumers' error handling maps "retriable or not" to
 * retry or dead-letter ({@code DeadLetterErrorHandlerFactory}). One place each.
 */
public enum ErrorKind {
    /** The request or record is malformed or fails validation. */
    INVALID,
    /** No verified credential (or one naming no valid tenant). */
    UNAUTHENTICATED,
    /** A verified caller asked for what it may not do. */
    FORBIDDEN,
    /** It does not exist, or belongs to another tenant (the same answer). */
    NOT_FOUND,
    /** It conflicts with the resource's state (a reused key, a version not ready yet). */
    CONFLICT,
    /** It existed, and expired (an unfinished resumable upload past its expiry). */
    GONE,
    /** A precondition of the protocol failed (a tus client of a version the lake does not speak). */
    PRECONDITION_FAILED,
    /** The bytes do not match the checksum the client declared for them. */
    CHECKSUM_MISMATCH,
    /** Over a size limit. */
    TOO_LARGE,
    /** A format the lake does not take. */
    UNSUPPORTED,
    /** A server the lake depends on (object store, Kafka, Mongo) is unavailable: retrying will succeed. */
    UNAVAILABLE;

    /** Whether the same request or record succeeds once the infrastructure is back. */
    public boolean retriable() {
        return this == UNAVAILABLE;
    }
}
