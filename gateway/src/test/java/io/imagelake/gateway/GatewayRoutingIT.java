package io.imagelake.gateway;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway in front of real HTTP servers standing in for the services. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayRoutingIT {

    private static final HttpServer INGEST_1 = upstream("ingest-1");
    private static final HttpServer INGEST_2 = upstream("ingest-2");
    private static final HttpServer CATALOG = upstream("catalog");
    private static final HttpServer QUERY = upstream("query");

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("lake.gateway.ingest-uris", () -> uri(INGEST_1) + "," + uri(INGEST_2));
        registry.add("lake.gateway.catalog-uris", () -> uri(CATALOG));
        registry.add("lake.gateway.query-uris", () -> uri(QUERY));
    }

    @AfterAll
    static void stop() {
        List.of(INGEST_1, INGEST_2, CATALOG, QUERY).forEach(s -> s.stop(0));
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void uploadsAreBalancedRoundRobinOverBothIngestInstances() throws Exception {
        Map<String, Integer> hits = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = send("POST", "/api/v1/images");
            assertThat(response.statusCode()).isEqualTo(201);
            hits.merge(response.body(), 1, Integer::sum);
        }

        assertThat(hits).containsOnlyKeys("ingest-1 POST /api/v1/images", "ingest-2 POST /api/v1/images");
        assertThat(hits.values()).containsOnly(5);
    }

    @Test
    void readsGoToTheCatalogAndStatsToTheQueryService() throws Exception {
        assertThat(send("GET", "/api/v1/images/abc").body()).isEqualTo("catalog GET /api/v1/images/abc");
        assertThat(send("GET", "/api/v1/images?status=NORMALIZED").body()).isEqualTo("catalog GET /api/v1/images");
        assertThat(send("GET", "/api/v1/feed?zone=silver").body()).isEqualTo("catalog GET /api/v1/feed");
        assertThat(send("GET", "/api/v1/stats/images?groupBy=day").body()).isEqualTo("query GET /api/v1/stats/images");
    }

    @Test
    void theTenantHeaderReachesTheService() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/images/echo-tenant"))
                .header("X-Customer-Id", "acme").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.headers().firstValue("X-Seen-Customer")).contains("acme");
    }

    @Test
    void anUnknownPathIsNotFound() throws Exception {
        assertThat(send("GET", "/api/v2/nothing").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String uri(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers "<name> <method> <path>" and echoes the tenant header it saw. */
    private static HttpServer upstream(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = (name + " " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath())
                        .getBytes(StandardCharsets.UTF_8);
                String tenant = exchange.getRequestHeaders().getFirst("X-Customer-Id");
                if (tenant != null) {
                    exchange.getResponseHeaders().add("X-Seen-Customer", tenant);
                }
                exchange.sendResponseHeaders("POST".equals(exchange.getRequestMethod()) ? 201 : 200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
