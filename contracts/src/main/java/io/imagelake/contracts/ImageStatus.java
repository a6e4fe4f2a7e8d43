package io.imagelake.contracts;

/**
 * Where an image stands. The order of declaration is the order of progress: a status never moves
 * backwards, whatever order events arrive in ({@link #rank()}).
 */
public enum ImageStatus {
    RECEIVED,
    NORMALIZED,
    PROMOTED,
    REJECTED,
    DUPLICATE,
    /** Erased at the tenant's request: only a tombstone remains (the image answers 404). */
    ERASED;

    public int rank() {
        return ordinal();
    }
}
