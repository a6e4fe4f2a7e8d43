package io.imagelake.support.tenant;

import io.imagelake.support.errors.ErrorKind;
import io.imagelake.support.errors.PermanentException;

/**
 * No verified credential, or a tenant that is not 1–64 chars of [A-Za-z0-9._-] (not starting with '_', reserved; not
 * dots alone).
 */
public class MissingTenantException extends PermanentException {

    public MissingTenantException() {
        super(
                ErrorKind.UNAUTHENTICATED,
                "unauthenticated",
                "Unauthenticated",
                "a valid credential is required, naming a tenant of 1-64 characters of [A-Za-z0-9._-], not starting with '_' (reserved), not dots alone");
    }
}
