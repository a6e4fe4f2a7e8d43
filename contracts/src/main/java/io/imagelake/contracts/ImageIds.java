package io.imagelake.contracts;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Image ids. An id derived from the tenant and a client-chosen key is the same on every retry and
 * on every instance, which is what makes uploads and stream records idempotent.
 */
public final class ImageIds {

    private ImageIds() {}

    public static String random() {
        return UUID.randomUUID().toString();
    }

    public static String forIdempotencyKey(String customerId, String idempotencyKey) {
        return derived("upload", customerId, idempotencyKey);
    }

    public static String forStreamRecord(String customerId, String sourceRecordId) {
        return derived("stream", customerId, sourceRecordId);
    }

    public static String forImport(String customerId, String jobId, String sourceObject) {
        return derived("import", customerId, jobId + "\u0000" + sourceObject);
    }

    private static String derived(String namespace, String customerId, String key) {
        // NUL separators: no (tenant, key) pair can be forged to collide with another
        byte[] name = (namespace + "\u0000" + customerId + "\u0000" + key).getBytes(StandardCharsets.UTF_8);
        return UUID.nameUUIDFromBytes(name).toString();
    }
}
