package io.imagelake.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.gateway.edge.EdgeProperties;
import io.imagelake.gateway.identity.IdentityProperties;
import io.imagelake.gateway.ratelimit.RateLimitProperties;
import io.imagelake.gateway.ratelimit.RequiredLimits;
import io.imagelake.gateway.routing.GatewayProperties;
import io.imagelake.testing.PropertiesBinding;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The gateway's tunables as Spring binds them: the defaults, and every key reaching its component. */
class GatewayConfigurationTest {

    private static final Map<String, String> LIMITS = RequiredLimits.OF_APPLICATION_YML;

    @Test
    void identityIsKeysByDefaultNeverTheTrustedHeader() {
        IdentityProperties defaults = PropertiesBinding.defaults(IdentityProperties.class);
        assertThat(defaults.mode()).isEqualTo(IdentityProperties.Mode.KEYS);
        assertThat(defaults.keys().cacheTtl()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.keys().cacheIdle()).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.oidc().tenantClaim()).isEqualTo("tenant");
        PropertiesBinding.assertEveryKeyBinds(
                IdentityProperties.class,
                Map.of(
                        "mode",
                        "trusted-header",
                        "keys.cache-ttl",
                        "1s",
                        "keys.cache-idle",
                        "10m",
                        "keys.bootstrap-admin-file",
                        "/tmp/admin.key",
                        "oidc.issuer",
                        "https://idp/realms/lake",
                        "oidc.jwks-uri",
                        "https://idp/certs",
                        "oidc.tenant-claim",
                        "org",
                        "oidc.audience",
                        "imagelake"));
    }

    @Test
    void rateLimitsRoutesAndTheEdge() {
        RateLimitProperties limits = PropertiesBinding.defaults(RateLimitProperties.class, LIMITS);
        assertThat(limits.membership().heartbeat()).isEqualTo(Duration.ofSeconds(1));
        assertThat(limits.membership().expiry()).isEqualTo(Duration.ofSeconds(5));
        assertThat(limits.upload().burstBytes()).isEqualTo(DataSize.ofMegabytes(256));
        Map<String, String> every = new HashMap<>(Map.of(
                "enabled", "false",
                "credential.requests-per-second", "5",
                "credential.burst", "10",
                "tenant.requests-per-second", "6",
                "tenant.burst", "12",
                "upload.bytes-per-second", "1MB",
                "upload.burst-bytes", "2MB",
                "upload.concurrent", "3",
                "membership.heartbeat", "2s",
                "membership.expiry", "7s"));
        PropertiesBinding.assertEveryKeyBinds(RateLimitProperties.class, LIMITS, every);
        assertThat(PropertiesBinding.defaults(GatewayProperties.class).ingestUris())
                .containsExactly(URI.create("http://127.0.0.1:8081"), URI.create("http://127.0.0.1:8082"));
        GatewayProperties routes = PropertiesBinding.assertEveryKeyBinds(
                GatewayProperties.class,
                Map.of(
                        "ingest-uris",
                        "http://i1:1,http://i2:2",
                        "catalog-uris",
                        "http://c:3",
                        "query-uris",
                        "http://q:4",
                        "normalizer-uris",
                        "http://n:5"));
        assertThat(routes.ingestUris()).isEqualTo(List.of(URI.create("http://i1:1"), URI.create("http://i2:2")));
        assertThat(PropertiesBinding.defaults(EdgeProperties.class).maxRequestBytes())
                .isEqualTo(DataSize.ofMegabytes(26));
        assertThat(PropertiesBinding.defaults(EdgeProperties.class).refusedBodyDiscardBytes())
                .isEqualTo(DataSize.ofMegabytes(32));
        PropertiesBinding.assertEveryKeyBinds(
                EdgeProperties.class, Map.of("max-request-bytes", "1MB", "refused-body-discard-bytes", "2MB"));
    }
}
