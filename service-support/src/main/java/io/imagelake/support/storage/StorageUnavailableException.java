package io.imagelake.support.storage;

import io.imagelake.support.errors.RetriableException;

/** The object store did not take the bytes: the client should retry later. */
public class StorageUnavailableException extends RetriableException {

    public StorageUnavailableException(String detail, Throwable cause) {
        super("storage-unavailable", "Storage unavailable", detail, cause);
    }
}
