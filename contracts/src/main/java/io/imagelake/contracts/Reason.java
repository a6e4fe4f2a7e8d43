package io.imagelake.contracts;

/** Why an image was rejected or marked duplicate: a stable machine code and a human detail. */
public record Reason(String code, String detail) {}
