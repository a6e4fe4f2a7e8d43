package io.imagelake.contracts;

/** An object in the object store. */
public record ObjectRef(String bucket, String key) {}
