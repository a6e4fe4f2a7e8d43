package io.imagelake.contracts;

/** How an image entered the lake. */
public enum Source {
    UPLOAD,
    STREAM,
    IMPORT
}
