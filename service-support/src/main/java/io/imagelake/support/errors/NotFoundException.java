package io.imagelake.support.errors;

/** A resource that does not exist or belongs to another tenant: both answer the same 404. */
public class NotFoundException extends PermanentException {

    public NotFoundException(String what) {
        super(ErrorKind.NOT_FOUND, "not-found", "Not found", what + " not found");
    }
}
