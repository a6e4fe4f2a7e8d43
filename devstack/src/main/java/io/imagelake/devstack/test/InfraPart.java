package io.imagelake.devstack.test;

/** The infrastructure a test may ask for. */
public enum InfraPart {
    KAFKA, S3, MONGO, TRINO
}
