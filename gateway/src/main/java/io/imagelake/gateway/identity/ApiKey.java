package io.imagelake.gateway.identity;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * An API key as stored (collection {@code api_keys}, owned by this package): never the secret,
 * only its SHA-256. A presented key is {@code lk_<id>_<secret>}; the id names it in logs and the audit.
 */
public record ApiKey(
        String id,
        String tenant,
        String name,
        List<String> scopes,
        String secretSha256,
        Instant createdAt,
        Instant revokedAt) {

    static final String COLLECTION = "api_keys";

    public boolean revoked() {
        return revokedAt != null;
    }

    Document toDocument() {
        return new Document("_id", id)
                .append("tenant", tenant)
                .append("name", name)
                .append("scopes", scopes)
                .append("secret_sha256", secretSha256)
                .append("created_at", Date.from(createdAt))
                .append("revoked_at", revokedAt == null ? null : Date.from(revokedAt));
    }

    static ApiKey from(Document doc) {
        Date revoked = doc.getDate("revoked_at");
        return new ApiKey(
                doc.getString("_id"),
                doc.getString("tenant"),
                doc.getString("name"),
                doc.getList("scopes", String.class, List.of()),
                doc.getString("secret_sha256"),
                doc.getDate("created_at").toInstant(),
                revoked == null ? null : revoked.toInstant());
    }
}
