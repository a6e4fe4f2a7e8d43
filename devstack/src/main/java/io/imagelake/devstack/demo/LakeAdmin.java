package io.imagelake.devstack.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The admin API through the gateway with the local admin key: key administration
 * ({@code /api/v1/admin/keys}) and dead letters ({@code /api/v1/admin/dead-letters}), for
 * {@code ./lake keys} and {@code ./lake dlq}, the demo, the end-to-end tests and the benches.
 * {@link #tenantKeys()} makes each tenant's key once, on first use, as a client would be given one.
 */
public final class LakeAdmin {

    private final LakeClient gateway;
    private final String adminKey;
    private final Map<String, String> tenantKeys = new ConcurrentHashMap<>();

    public LakeAdmin(String gatewayUrl, String adminKey) {
        this.gateway = new LakeClient(gatewayUrl, tenant -> adminKey);
        this.adminKey = adminKey;
    }

    public static LakeAdmin fromKeyFile(String gatewayUrl, Path adminKeyFile) {
        try {
            return new LakeAdmin(gatewayUrl, Files.readString(adminKeyFile).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "no admin key at " + adminKeyFile + " (the gateway writes it on its first start)", e);
        }
    }

    /** A new key's JSON answer (with its {@code secret}); scopes null or empty: every tenant scope. */
    public JsonNode create(String tenant, List<String> scopes, String name) {
        String body = LakeClient.JSON.writeValueAsString(Map.of(
                "tenant", tenant, "scopes", scopes == null ? List.of() : scopes, "name", name == null ? "" : name));
        LakeClient.Answer answer = gateway.postJson("admin", "/api/v1/admin/keys", body);
        if (answer.status() != 201) {
            throw new IllegalStateException(
                    "creating a key for " + tenant + ": " + answer.status() + " " + answer.body());
        }
        return answer.json();
    }

    public JsonNode list() {
        LakeClient.Answer answer = gateway.get("admin", "/api/v1/admin/keys");
        if (answer.status() != 200) {
            throw new IllegalStateException("listing keys: " + answer.status() + " " + answer.body());
        }
        return answer.json();
    }

    /** True if the key existed. */
    public boolean revoke(String id) {
        int status = gateway.delete("admin", "/api/v1/admin/keys/" + id).status();
        if (status != 204 && status != 404) {
            throw new IllegalStateException("revoking key " + id + ": " + status);
        }
        return status == 204;
    }

    /** Every dead-letter topic with its source topic and how many records it holds (catalog-service's admin API). */
    public JsonNode deadLetterTopics() {
        return ok(gateway.get("admin", "/api/v1/admin/dead-letters"), "listing the dead-letter topics");
    }

    /** Up to 1,000 records of a dead-letter topic (and how many match); {@code since} and {@code reason} optional. */
    public JsonNode deadLetters(String topic, String since, String reason) {
        StringBuilder query = new StringBuilder("?limit=1000");
        if (since != null) {
            query.append("&since=").append(URLEncoder.encode(since, StandardCharsets.UTF_8));
        }
        if (reason != null) {
            query.append("&reason=").append(URLEncoder.encode(reason, StandardCharsets.UTF_8));
        }
        return ok(gateway.get("admin", "/api/v1/admin/dead-letters/" + topic + query), "listing " + topic);
    }

    /** Replays what {@code since} and {@code reason} (both optional) select to the source topic; audited. */
    public JsonNode replayDeadLetters(String topic, String since, String reason) {
        Map<String, String> body = new LinkedHashMap<>();
        if (since != null) {
            body.put("since", since);
        }
        if (reason != null) {
            body.put("reason", reason);
        }
        return ok(
                gateway.postJson(
                        "admin",
                        "/api/v1/admin/dead-letters/" + topic + "/replay",
                        LakeClient.JSON.writeValueAsString(body)),
                "replaying " + topic);
    }

    private static JsonNode ok(LakeClient.Answer answer, String what) {
        if (answer.status() != 200) {
            throw new IllegalStateException(what + ": " + answer.status() + " " + answer.body());
        }
        return answer.json();
    }

    /** Each tenant's key (every tenant scope), made on first use. */
    public LakeClient.Credentials tenantKeys() {
        return tenant -> tenantKeys.computeIfAbsent(
                tenant, t -> create(t, null, "generated for " + t).get("secret").asString());
    }

    public String adminKey() {
        return adminKey;
    }
}
