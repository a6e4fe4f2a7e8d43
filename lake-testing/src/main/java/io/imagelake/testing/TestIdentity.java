package io.imagelake.testing;

import com.sun.net.httpserver.HttpServer;
import io.imagelake.contracts.InternalTokenMinter;
import io.imagelake.contracts.InternalTokens;
import io.imagelake.contracts.Scopes;
import io.imagelake.devstack.demo.LakeClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's part in a service's integration test: an RSA key, its JWKS served over real HTTP
 * (as the gateway serves it, at {@link InternalTokens#JWKS_PATH}), and internal tokens minted with
 * it. One per test JVM; {@link LakeInfra#properties} points services at its JWKS.
 */
public final class TestIdentity {

    private static TestIdentity instance;

    private final InternalTokenMinter minter;
    private final HttpServer server;

    private TestIdentity() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.minter = new InternalTokenMinter(
                    (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate(),
                    Duration.ofMinutes(30),
                    Clock.systemUTC());
            byte[] jwks = JsonMapper.builder().build().writeValueAsBytes(minter.jwks());
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext(InternalTokens.JWKS_PATH, exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                exchange.getResponseBody().write(jwks);
                exchange.close();
            });
            server.setExecutor(null);
            server.start();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized TestIdentity get() {
        if (instance == null) {
            instance = new TestIdentity();
        }
        return instance;
    }

    public String jwksUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + InternalTokens.JWKS_PATH;
    }

    /** A token of a tenant's key with every tenant scope (never admin). */
    public String token(String tenant) {
        return token(tenant, Scopes.TENANT);
    }

    public String token(String tenant, Collection<String> scopes) {
        return minter.mint("key:test-" + tenant, tenant, scopes);
    }

    public InternalTokenMinter minter() {
        return minter;
    }

    /** What a test client sends straight to a service: each tenant's internal token. */
    public LakeClient.Credentials credentials() {
        return this::token;
    }

    /** A client of a service under test, authenticated as each tenant it names. */
    public static LakeClient client(String baseUrl) {
        return new LakeClient(baseUrl, get().credentials());
    }
}
