package io.imagelake.catalog.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.imagelake.catalog.CatalogOnRealServers;
import io.imagelake.contracts.InternalTokenMinter;
import io.imagelake.contracts.InternalTokens;
import io.imagelake.contracts.Scopes;
import io.imagelake.testing.TestIdentity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A service trusts no header and no token it cannot verify: hostile callers straight to
 * catalog-service (as if past the gateway), over real HTTP, against the real JWKS server of the test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CallerVerificationIT extends CatalogOnRealServers {

    private final HttpClient http = HttpClient.newHttpClient();
    private final TestIdentity identity = TestIdentity.get();

    @Test
    void noCredentialOnAnyRouteIsUnauthenticatedProblemJson() throws Exception {
        for (String path :
                List.of("/api/v1/images", "/api/v1/images/x", "/api/v1/feed?zone=gold", "/api/v1/datasets")) {
            HttpResponse<String> answer = get(path, null, null);
            assertThat(answer.statusCode()).as(path).isEqualTo(401);
            assertThat(answer.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(ct -> assertThat(ct).contains("problem+json"));
            assertThat(answer.body()).contains("https://imagelake.dev/problems/unauthenticated");
        }
    }

    @Test
    void aCustomerIdHeaderAloneIsNoIdentity() throws Exception {
        assertThat(get("/api/v1/images", null, "acme").statusCode()).isEqualTo(401);
    }

    @Test
    void aSpoofedCustomerIdBesideAValidTokenIsIgnored() throws Exception {
        HttpResponse<String> answer = get("/api/v1/images?limit=1", identity.token("tenant-a"), "tenant-b");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).doesNotContain("tenant-b");
    }

    @Test
    void forgedExpiredWrongIssuerWrongAudienceAndUnsignedTokensAreUnauthenticated() throws Exception {
        InternalTokenMinter stranger = new InternalTokenMinter(
                (RSAPrivateCrtKey) new RSAKeyGenerator(2048).generate().toRSAPrivateKey(),
                Duration.ofMinutes(5),
                Clock.systemUTC());
        InternalTokenMinter expired = new InternalTokenMinter(identity.minter(), Duration.ofMinutes(-5));
        RSAKey key = identity.minter().signingKey();
        String wrongIssuer = signed(key, claims("https://evil.example", InternalTokens.AUDIENCE, "acme"));
        String wrongAudience = signed(key, claims(InternalTokens.ISSUER, "somebody-else", "acme"));
        String badTenant = signed(key, claims(InternalTokens.ISSUER, InternalTokens.AUDIENCE, "_pending"));
        String unsigned = new PlainJWT(claims(InternalTokens.ISSUER, InternalTokens.AUDIENCE, "acme")).serialize();

        for (String token : List.of(
                stranger.mint("key:x", "acme", Scopes.TENANT),
                expired.mint("key:x", "acme", Scopes.TENANT),
                wrongIssuer,
                wrongAudience,
                badTenant,
                unsigned,
                "not-a-jwt")) {
            assertThat(get("/api/v1/images", token, null).statusCode())
                    .as(token)
                    .isEqualTo(401);
        }
        assertThat(get(
                                "/api/v1/images",
                                signed(key, claims(InternalTokens.ISSUER, InternalTokens.AUDIENCE, "acme")),
                                null)
                        .statusCode())
                .as("the same claims, properly signed")
                .isEqualTo(200);
    }

    @Test
    void aMissingScopeIsForbiddenProblemJson() throws Exception {
        HttpResponse<String> answer = get("/api/v1/images", identity.token("acme", List.of(Scopes.STATS_READ)), null);

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("https://imagelake.dev/problems/forbidden");
        HttpResponse<String> erase = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/images/x"))
                        .header("Authorization", "Bearer " + identity.token("acme", List.of(Scopes.IMAGES_READ)))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(erase.statusCode()).as("reading is not erasing").isEqualTo(403);
    }

    @Test
    void whatTomcatRefusesItselfIsProblemJsonToo() throws Exception {
        HttpResponse<String> traversal = get("/api/v1/images/..%2F..%2Fsecret", identity.token("acme"), null);

        assertThat(traversal.statusCode()).isEqualTo(400);
        assertThat(traversal.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).contains("problem+json"));
        assertThat(traversal.body())
                .contains("https://imagelake.dev/problems/bad-request")
                .doesNotContain("<html");
    }

    @Test
    void healthAndMetricsNeedNoCredential() throws Exception {
        assertThat(get("/actuator/health/liveness", null, null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus", null, null).statusCode()).isEqualTo(200);
    }

    private static JWTClaimsSet claims(String issuer, String audience, String tenant) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject("key:forger")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim(InternalTokens.TENANT_CLAIM, tenant)
                .claim(InternalTokens.SCOPE_CLAIM, String.join(" ", Scopes.TENANT))
                .build();
    }

    private static String signed(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private HttpResponse<String> get(String path, String token, String customerId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (customerId != null) {
            request.header("X-Customer-Id", customerId);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
