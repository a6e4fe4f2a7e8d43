package io.imagelake.contracts;

import java.util.List;

/**
 * The permissions of the public API and which operation needs which: one table, read by every
 * service's security chain and by the gateway (key creation, admin routes). A credential carries
 * scopes; a service answers 403 when the operation's scope is missing.
 */
public final class Scopes {

    public static final String IMAGES_WRITE = "images:write";
    public static final String IMAGES_READ = "images:read";
    public static final String IMAGES_DELETE = "images:delete";
    public static final String DATASETS_WRITE = "datasets:write";
    public static final String STATS_READ = "stats:read";
    public static final String WEBHOOKS_WRITE = "webhooks:write";
    public static final String ADMIN = "admin";

    /** Every scope a tenant's credential may have: the default of a new key. Never admin. */
    public static final List<String> TENANT =
            List.of(IMAGES_WRITE, IMAGES_READ, IMAGES_DELETE, DATASETS_WRITE, STATS_READ, WEBHOOKS_WRITE);

    public static final List<String> ALL =
            List.of(IMAGES_WRITE, IMAGES_READ, IMAGES_DELETE, DATASETS_WRITE, STATS_READ, WEBHOOKS_WRITE, ADMIN);

    /** {@code method} null: any method. Patterns in Spring's path-pattern syntax, first match wins. */
    public record Rule(String method, String pattern, String scope) {}

    public static final List<Rule> RULES = List.of(
            new Rule("POST", "/api/v1/images", IMAGES_WRITE),
            new Rule("POST", "/api/v1/images:batch", IMAGES_WRITE),
            new Rule("POST", "/api/v1/imports", IMAGES_WRITE),
            new Rule("GET", "/api/v1/imports/**", IMAGES_WRITE),
            new Rule("POST", "/api/v1/uploads", IMAGES_WRITE),
            new Rule(null, "/api/v1/uploads/**", IMAGES_WRITE),
            new Rule(null, "/api/v1/tus", IMAGES_WRITE),
            new Rule(null, "/api/v1/tus/**", IMAGES_WRITE),
            new Rule("DELETE", "/api/v1/images/**", IMAGES_DELETE),
            new Rule("GET", "/api/v1/images", IMAGES_READ),
            new Rule("GET", "/api/v1/images/**", IMAGES_READ),
            new Rule("GET", "/api/v1/feed", IMAGES_READ),
            new Rule("GET", "/api/v1/events", IMAGES_READ),
            new Rule("GET", "/api/v1/datasets", IMAGES_READ),
            new Rule("GET", "/api/v1/datasets/**", IMAGES_READ),
            new Rule("POST", "/api/v1/datasets", DATASETS_WRITE),
            new Rule("DELETE", "/api/v1/datasets/**", DATASETS_WRITE),
            new Rule("GET", "/api/v1/stats/**", STATS_READ),
            new Rule(null, "/api/v1/webhooks", WEBHOOKS_WRITE),
            new Rule(null, "/api/v1/webhooks/**", WEBHOOKS_WRITE),
            new Rule(null, "/api/v1/admin/**", ADMIN));

    private Scopes() {}

    public static boolean isKnown(String scope) {
        return ALL.contains(scope);
    }
}
