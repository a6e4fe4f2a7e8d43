package io.imagelake.contracts;

/**
 * Why an image was rejected or marked duplicate: a stable machine code ({@link RejectionCode} by
 * name; a string on the wire, see there) and a human detail.
 */
public record Reason(String code, String detail) {

    public Reason(RejectionCode code, String detail) {
        this(code.name(), detail);
    }
}
