package io.imagelake.contracts;

/**
 * Where an image stands. The order of declaration is the order of progress: a status never moves
 * backwards, whatever order events arrive in ({@link #rank()}).
 */
public enum ImageStatus {
    RECEIVED, NORMALIZED, PROMOTED, REJECTED, DUPLICATE;

    public int rank() {
        return ordinal();
    }
}
