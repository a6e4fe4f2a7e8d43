package io.imagelake.support.storage;

import io.imagelake.support.web.LakeException;
import org.springframework.http.HttpStatus;

/** The object store did not take the bytes: the client should retry later. */
public class StorageUnavailableException extends LakeException {

    public StorageUnavailableException(String detail, Throwable cause) {
        super("storage-unavailable", "Storage unavailable", HttpStatus.SERVICE_UNAVAILABLE, detail, cause);
    }
}
