package io.imagelake.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** The gateway's routes, as an authenticated tenant sees them. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayRoutingIT extends GatewayOnRealServers {

    private String key() {
        return admin().tenantKeys().bearerFor("acme");
    }

    @Test
    void uploadsAreBalancedRoundRobinOverBothIngestInstances() throws Exception {
        String key = key();
        Map<String, Integer> hits = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = send("POST", "/api/v1/images", key);
            assertThat(response.statusCode()).isEqualTo(201);
            hits.merge(response.body(), 1, Integer::sum);
        }

        assertThat(hits).containsOnlyKeys("ingest-1 POST /api/v1/images", "ingest-2 POST /api/v1/images");
        assertThat(hits.values()).containsOnly(5);
    }

    @Test
    void readsGoToTheCatalogAndStatsToTheQueryService() throws Exception {
        String key = key();
        assertThat(send("GET", "/api/v1/images/abc", key).body()).isEqualTo("catalog GET /api/v1/images/abc");
        assertThat(send("GET", "/api/v1/images?status=NORMALIZED", key).body()).isEqualTo("catalog GET /api/v1/images");
        assertThat(send("GET", "/api/v1/feed?zone=silver", key).body()).isEqualTo("catalog GET /api/v1/feed");
        assertThat(send("GET", "/api/v1/stats/images?groupBy=day", key).body())
                .isEqualTo("query GET /api/v1/stats/images");
    }

    @Test
    void aCallersTraceContinuesToTheServiceOneSpanFurther() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");

        var answer = send("GET", "/api/v1/images/abc", key(), "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");

        assertThat(answer.headers().firstValue("X-Seen-Traceparent"))
                .as("the service sees the caller's trace, with the gateway's span as parent")
                .hasValueSatisfying(seen ->
                        assertThat(seen).startsWith("00-" + traceId + "-").doesNotContain("00f067aa0ba902b7"));
    }

    @Test
    void aCallWithoutTraceStartsOneAtTheGateway() throws Exception {
        assertThat(send("GET", "/api/v1/images/abc", key()).headers().firstValue("X-Seen-Traceparent"))
                .hasValueSatisfying(seen -> assertThat(seen).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"));
    }

    @Test
    void anUnknownPathIsNotFound() throws Exception {
        assertThat(send("GET", "/api/v2/nothing", key()).statusCode()).isEqualTo(404);
    }

    @Test
    void theRetiredReprocessRouteAndTheRouteManagementEndpointAreGone() throws Exception {
        assertThat(send("POST", "/api/v1/admin/reprocess", admin().adminKey()).statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "/actuator/gateway/routes", admin().adminKey()).statusCode())
                .isIn(401, 403, 404);
    }
}
