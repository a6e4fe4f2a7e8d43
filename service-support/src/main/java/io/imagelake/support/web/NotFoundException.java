package io.imagelake.support.web;

import org.springframework.http.HttpStatus;

/** A resource that does not exist or belongs to another tenant: both answer the same 404. */
public class NotFoundException extends LakeException {

    public NotFoundException(String what) {
        super("not-found", "Not found", HttpStatus.NOT_FOUND, what + " not found");
    }
}
