package io.imagelake.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.imagelake.contracts.InternalTokenMinter;
import io.imagelake.devstack.demo.LakeAdmin;
import io.imagelake.testing.InfraPart;
import io.imagelake.testing.LakeInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway on a real Mongo wire server (its API keys), with its signing key and bootstrap admin
 * key in a temporary folder, in front of real HTTP servers standing in for the services (each
 * answers "<name> <method> <path>" and echoes the identity headers it received), and an external
 * identity provider's JWKS served over HTTP.
 */
abstract class GatewayOnRealServers {

    static final HttpServer INGEST_1 = upstream("ingest-1");
    static final HttpServer INGEST_2 = upstream("ingest-2");
    static final HttpServer CATALOG = upstream("catalog");
    static final HttpServer QUERY = upstream("query");
    static final Path SECURITY = temporaryFolder();
    static final Path ADMIN_KEY = SECURITY.resolve("admin.key");
    static final String IDP_ISSUER = "https://idp.test/realms/imagelake";
    static final String IDP_AUDIENCE = "imagelake";
    static final RSAKey IDP_KEY = idpKey();
    static final HttpServer IDP = jwks(IDP_KEY);

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        LakeInfra.properties(InfraPart.MONGO).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("lake.gateway.ingest-uris", () -> uri(INGEST_1) + "," + uri(INGEST_2));
        registry.add("lake.gateway.catalog-uris", () -> uri(CATALOG));
        registry.add("lake.gateway.query-uris", () -> uri(QUERY));
        registry.add(
                "lake.security.internal.signing-key-file",
                () -> SECURITY.resolve("signing.pem").toString());
        registry.add("lake.security.keys.bootstrap-admin-file", ADMIN_KEY::toString);
        registry.add("lake.security.oidc.issuer", () -> IDP_ISSUER);
        registry.add("lake.security.oidc.jwks-uri", () -> uri(IDP) + "/certs");
        registry.add("lake.security.oidc.audience", () -> IDP_AUDIENCE);
    }

    // the servers live as long as the test JVM: the Spring context, cached across test classes, points at them
    @LocalServerPort
    int port;

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    LakeAdmin admin() {
        return LakeAdmin.fromKeyFile(gateway(), ADMIN_KEY);
    }

    String gateway() {
        return "http://127.0.0.1:" + port;
    }

    HttpResponse<String> send(String method, String path, String bearer, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway() + path))
                .timeout(Duration.ofSeconds(30)) // a hang fails the test, never the whole build
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String uri(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static Path temporaryFolder() {
        try {
            Path folder = Files.createTempDirectory("gateway-security");
            Files.writeString(folder.resolve("signing.pem"), InternalTokenMinter.newPemKey());
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RSAKey idpKey() {
        try {
            return new RSAKeyGenerator(2048)
                    .keyID("idp-1")
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer jwks(RSAKey key) {
        byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        return serve(exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    private static HttpServer upstream(String name) {
        return serve(exchange -> {
            long received;
            try {
                received = exchange.getRequestBody()
                        .readAllBytes()
                        .length; // as a service reads the whole body before answering
            } catch (IOException cutOff) {
                received = -1;
            }
            exchange.getResponseHeaders().add("X-Seen-Body-Bytes", Long.toString(received));
            byte[] body = (name + " " + exchange.getRequestMethod() + " "
                            + exchange.getRequestURI().getPath())
                    .getBytes(StandardCharsets.UTF_8);
            List<String> customer = exchange.getRequestHeaders().get("X-Customer-Id");
            exchange.getResponseHeaders()
                    .add("X-Seen-Customer-Headers", Integer.toString(customer == null ? 0 : customer.size()));
            String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
            if (traceparent != null) {
                exchange.getResponseHeaders().add("X-Seen-Traceparent", traceparent);
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                exchange.getResponseHeaders().add("X-Seen-Authorization", authorization);
            }
            exchange.sendResponseHeaders("POST".equals(exchange.getRequestMethod()) ? 201 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    private static HttpServer serve(HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", handler);
            // a thread per exchange: one exchange left waiting for a body the gateway cut off blocks nothing else
            server.setExecutor(
                    Executors.newCachedThreadPool(Thread.ofPlatform().daemon().factory()));
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
