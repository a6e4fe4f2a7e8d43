package io.imagelake.support.storage;

import io.minio.errors.ErrorResponseException;

/** What an object store's error answer means, in one place. */
public final class ObjectStoreErrors {

    private ObjectStoreErrors() {}

    /**
     * The object is not there: S3 and MinIO answer {@code NoSuchKey}; a HEAD (stat) has no body,
     * so the minio client reports {@code NoSuchObject} for its 404.
     */
    public static boolean isMissing(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code);
    }
}
