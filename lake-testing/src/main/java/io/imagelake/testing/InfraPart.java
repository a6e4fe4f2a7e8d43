package io.imagelake.testing;

/** The infrastructure a test may ask for. */
public enum InfraPart {
    KAFKA,
    S3,
    MONGO,
    POSTGRES,
    TRINO
}
