package io.imagelake.support.tenant;

import java.util.regex.Pattern;

/**
 * The customer a request acts for. Declared as a controller parameter it is resolved from
 * {@code X-Customer-Id} (set by the gateway once API keys exist) and validated; a missing or
 * malformed id answers 401.
 */
public record Tenant(String id) {

    public static final String HEADER = "X-Customer-Id";
    /*
     * The contract's 1-64 of [A-Za-z0-9._-], except a leading '_': object keys start with the tenant,
     * and the lake keeps its own objects under _pending/, _idempotency/, _imports/, _phash/, _crop/ and
     * _dedupe/ in the same buckets (a tenant "_pending" would have its originals read as markers);
     * and except dots alone: "." and ".." are path segments, which S3 clients refuse in an object key.
     */
    private static final Pattern VALID = Pattern.compile("(?!_)(?!\\.+$)[A-Za-z0-9._-]{1,64}");

    public Tenant {
        if (id == null || !VALID.matcher(id).matches()) {
            throw new MissingTenantException();
        }
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }
}
