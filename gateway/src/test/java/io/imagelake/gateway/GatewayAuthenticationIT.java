package io.imagelake.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.imagelake.contracts.InternalTokens;
import io.imagelake.contracts.Scopes;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/** Hostile and ordinary clients at the front door, against a real key store and real HTTP upstreams. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayAuthenticationIT extends GatewayOnRealServers {

    private static final List<String[]> ROUTES = List.of(
            new String[] {"POST", "/api/v1/images"},
            new String[] {"POST", "/api/v1/images:batch"},
            new String[] {"POST", "/api/v1/imports"},
            new String[] {"GET", "/api/v1/imports/j"},
            new String[] {"GET", "/api/v1/images"},
            new String[] {"GET", "/api/v1/images/x"},
            new String[] {"DELETE", "/api/v1/images/x"},
            new String[] {"GET", "/api/v1/feed"},
            new String[] {"GET", "/api/v1/datasets"},
            new String[] {"POST", "/api/v1/datasets"},
            new String[] {"GET", "/api/v1/stats/images"},
            new String[] {"GET", "/api/v1/admin/keys"});

    @Test
    void noCredentialOnEveryRouteIsUnauthenticatedProblemJsonAndReachesNoService() throws Exception {
        for (String[] route : ROUTES) {
            HttpResponse<String> answer = send(route[0], route[1], null, "X-Customer-Id", "acme");
            assertThat(answer.statusCode()).as(route[0] + " " + route[1]).isEqualTo(401);
            assertThat(answer.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(ct -> assertThat(ct).contains("problem+json"));
            assertThat(answer.body())
                    .contains("https://imagelake.dev/problems/unauthenticated")
                    .doesNotContain("catalog", "ingest");
        }
    }

    @Test
    void malformedUnknownAndWrongSecretKeysAreUnauthenticated() throws Exception {
        String good =
                admin().create("acme", null, "wrong-secret test").get("secret").asString();
        String wrongSecret = good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");
        for (String bad : List.of("garbage", "lk_", "lk_0123456789abcdef_" + "A".repeat(43), wrongSecret, good + "x")) {
            assertThat(send("GET", "/api/v1/images", bad).statusCode()).as(bad).isEqualTo(401);
        }
        assertThat(send("GET", "/api/v1/images", good).statusCode()).isEqualTo(200);
    }

    @Test
    void aRevokedKeyStopsWorkingWithinSeconds() throws Exception {
        JsonNode key = admin().create("acme", null, "revoked soon");
        String secret = key.get("secret").asString();
        assertThat(send("GET", "/api/v1/images", secret).statusCode()).isEqualTo(200);

        assertThat(admin().revoke(key.get("id").asString())).isTrue();

        long deadline = System.nanoTime() + 10_000_000_000L; // the cache TTL is 2 s; this instance forgets at once
        int status;
        do {
            status = send("GET", "/api/v1/images", secret).statusCode();
        } while (status != 401 && System.nanoTime() < deadline);
        assertThat(status).isEqualTo(401);
    }

    @Test
    void everyClientSentCustomerIdIsDroppedAndTheServiceGetsAnInternalTokenOfTheKeysTenant() throws Exception {
        JsonNode key = admin().create("acme", List.of(Scopes.IMAGES_READ), "identity test");

        HttpResponse<String> answer = send(
                "GET",
                "/api/v1/images/x",
                key.get("secret").asString(),
                "X-Customer-Id",
                "victim",
                "X-Customer-Id",
                "victim-2");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Seen-Customer-Headers")).contains("0");
        String forwarded = answer.headers()
                .firstValue("X-Seen-Authorization")
                .orElseThrow()
                .substring("Bearer ".length());
        assertThat(forwarded).isNotEqualTo(key.get("secret").asString());
        SignedJWT token = SignedJWT.parse(forwarded);
        RSAKey published = (RSAKey)
                JWKSet.parse(send("GET", InternalTokens.JWKS_PATH, null).body())
                        .getKeyByKeyId(token.getHeader().getKeyID());
        assertThat(token.verify(new RSASSAVerifier(published)))
                .as("signed by the published key")
                .isTrue();
        assertThat(published.isPrivate()).as("the JWKS has no private part").isFalse();
        JWTClaimsSet claims = token.getJWTClaimsSet();
        assertThat(claims.getStringClaim(InternalTokens.TENANT_CLAIM)).isEqualTo("acme");
        assertThat(claims.getSubject()).isEqualTo("key:" + key.get("id").asString());
        assertThat(claims.getStringClaim(InternalTokens.SCOPE_CLAIM)).isEqualTo(Scopes.IMAGES_READ);
        assertThat(claims.getIssuer()).isEqualTo(InternalTokens.ISSUER);
        assertThat(claims.getAudience()).containsExactly(InternalTokens.AUDIENCE);
    }

    @Test
    void aMissingScopeIsForbiddenAtTheDoor() throws Exception {
        String reader = admin().create("acme", List.of(Scopes.IMAGES_READ), "reader")
                .get("secret")
                .asString();

        HttpResponse<String> upload = send("POST", "/api/v1/images", reader);

        assertThat(upload.statusCode()).isEqualTo(403);
        assertThat(upload.body())
                .contains("https://imagelake.dev/problems/forbidden")
                .doesNotContain("ingest");
        assertThat(send("GET", "/api/v1/images", reader).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/api/v1/images/x", reader).statusCode()).isEqualTo(403);
    }

    @Test
    void keyAdministrationNeedsTheAdminScopeAndNeverShowsASecretTwice() throws Exception {
        JsonNode created = admin().create("globex", null, "default scopes");
        String tenantKey = created.get("secret").asString();

        assertThat(created.get("scopes").valueStream().map(JsonNode::asString).toList())
                .as("a tenant's scopes, never admin")
                .containsExactlyElementsOf(Scopes.TENANT);
        assertThat(send("GET", "/api/v1/admin/keys", tenantKey).statusCode()).isEqualTo(403);
        String listing = send("GET", "/api/v1/admin/keys", admin().adminKey()).body();
        assertThat(listing)
                .contains(created.get("id").asString())
                .doesNotContain(tenantKey.substring(20))
                .doesNotContain("secret");
    }

    @Test
    void keyRequestsForAnInvalidTenantOrAnUnknownScopeAreRefused() throws Exception {
        for (String body : List.of(
                "{\"tenant\":\"..\"}", "{\"tenant\":\"_pending\"}", "{\"tenant\":\"acme\",\"scopes\":[\"root\"]}")) {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(gateway() + "/api/v1/admin/keys"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + admin().adminKey())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(answer.body()).contains("https://imagelake.dev/problems/validation");
        }
    }

    @Test
    void anIdentityProvidersTokenIsAcceptedAndForgedExpiredUnsignedOrOtherAudienceOnesAreNot() throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet good = idpClaims("alice", "acme", now.plusSeconds(300), IDP_ISSUER);

        HttpResponse<String> answer = send("GET", "/api/v1/images/x", sign(IDP_KEY, good));
        assertThat(answer.statusCode()).isEqualTo(200);
        SignedJWT forwarded = SignedJWT.parse(answer.headers()
                .firstValue("X-Seen-Authorization")
                .orElseThrow()
                .substring(7));
        assertThat(forwarded.getJWTClaimsSet().getSubject()).isEqualTo("oidc:alice");
        assertThat(forwarded.getJWTClaimsSet().getStringClaim(InternalTokens.SCOPE_CLAIM))
                .as("unknown scopes dropped")
                .isEqualTo(Scopes.IMAGES_READ);

        RSAKey stranger = new RSAKeyGenerator(2048).keyID(IDP_KEY.getKeyID()).generate();
        for (String bad : List.of(
                sign(stranger, good),
                sign(IDP_KEY, idpClaims("alice", "acme", now.minusSeconds(120), IDP_ISSUER)),
                sign(IDP_KEY, idpClaims("alice", "acme", now.plusSeconds(300), "https://evil.test")),
                sign(IDP_KEY, idpClaims("alice", "_pending", now.plusSeconds(300), IDP_ISSUER)),
                sign(
                        IDP_KEY,
                        new JWTClaimsSet.Builder(good).audience("another-app").build()),
                new PlainJWT(good).serialize())) {
            assertThat(send("GET", "/api/v1/images/x", bad).statusCode())
                    .as(bad)
                    .isEqualTo(401);
        }
    }

    private static JWTClaimsSet idpClaims(String subject, String tenant, Instant expires, String issuer) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .issueTime(Date.from(Instant.now().minusSeconds(600)))
                .expirationTime(Date.from(expires))
                .audience(List.of("account", IDP_AUDIENCE))
                .claim("tenant", tenant)
                .claim("scope", "openid profile images:read")
                .build();
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
