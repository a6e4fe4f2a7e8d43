package io.imagelake.support.tenant;

import java.util.regex.Pattern;

/**
 * The customer a request acts for, and who acts ({@code principal}: the credential, e.g.
 * {@code key:<keyId>}, for logs and the audit). Declared as a controller parameter it is resolved
 * from the verified internal token; a missing or malformed one answers 401.
 */
public record Tenant(String id, String principal) {

    /** The header clients used to name their tenant; the gateway drops every copy. Never an identity. */
    public static final String HEADER = "X-Customer-Id";
    /*
     * The contract's 1-64 of [A-Za-z0-9._-], except a leading '_': object keys start with the tenant,
     * and the lake keeps its own objects under _pending/, _idempotency/, _imports/, _phash/, _crop/,
     * _staging/ and _dedupe/ in the same buckets (a tenant "_pending" would have its originals read as markers);
     * and except dots alone: "." and ".." are path segments, which S3 clients refuse in an object key.
     */
    private static final Pattern VALID = Pattern.compile("(?!_)(?!\\.+$)[A-Za-z0-9._-]{1,64}");

    public Tenant {
        if (id == null || !VALID.matcher(id).matches()) {
            throw new MissingTenantException();
        }
    }

    /** A tenant named by the lake itself (a stream record's, a job's), acted for by the service. */
    public Tenant(String id) {
        this(id, null);
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }
}
