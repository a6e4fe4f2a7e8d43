package io.imagelake.support.tenant;

import io.imagelake.support.web.LakeException;
import org.springframework.http.HttpStatus;

/** No verified credential, or a tenant that is not 1–64 chars of [A-Za-z0-9._-] (not starting with '_', reserved; not dots alone). */
public class MissingTenantException extends LakeException {

    public MissingTenantException() {
        super("unauthenticated", "Unauthenticated", HttpStatus.UNAUTHORIZED,
                "a valid credential is required, naming a tenant of 1-64 characters of [A-Za-z0-9._-], not starting with '_' (reserved), not dots alone");
    }
}
