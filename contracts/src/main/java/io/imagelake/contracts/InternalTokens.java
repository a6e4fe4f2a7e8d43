package io.imagelake.contracts;

/**
 * The identity the gateway passes on: a short-lived RS256 JWT it mints for every request it
 * forwards, verified by each service against the gateway's JWKS. A client-sent header is never an
 * identity; this token is the only one.
 */
public final class InternalTokens {

    public static final String ISSUER = "imagelake-gateway";
    public static final String AUDIENCE = "imagelake";
    /** The tenant the request acts for. */
    public static final String TENANT_CLAIM = "tenant";
    /** Space-separated {@link Scopes}. */
    public static final String SCOPE_CLAIM = "scope";
    /** {@code sub}: the credential: {@code key:<keyId>}, {@code oidc:<subject>} or {@code service:<name>}. */
    public static final String JWKS_PATH = "/internal/jwks.json";

    private InternalTokens() {}
}
