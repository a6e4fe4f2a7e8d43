package io.imagelake.testing;

import io.imagelake.devstack.Endpoints;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Real infrastructure for tests, started once per test JVM and shared by all tests: only the
 * parts some test asked for, each on free ports. Embedded servers by default; with
 * {@code -Dlake.infra=containers}, Testcontainers (MinIO, MongoDB, Kafka, Trino) instead.
 *
 * <p>In a Spring Boot test: <pre>
 * &#64;DynamicPropertySource
 * static void infra(DynamicPropertyRegistry registry) {
 *     LakeInfra.properties(InfraPart.KAFKA, InfraPart.S3).forEach((k, v) -&gt; registry.add(k, () -&gt; v));
 * }</pre>
 */
public final class LakeInfra {

    private static Infra infra;
    private static final Set<InfraPart> STARTED = EnumSet.noneOf(InfraPart.class);

    private LakeInfra() {}

    /** Starts what is not running yet and returns the endpoints of everything started so far. */
    public static synchronized Endpoints start(InfraPart... parts) {
        if (infra == null) {
            infra = "containers".equals(System.getProperty("lake.infra")) ? new ContainerInfra() : new EmbeddedInfra();
            Runtime.getRuntime().addShutdownHook(new Thread(infra::stop, "lake-infra-stop"));
        }
        for (InfraPart part : parts) {
            if (STARTED.add(part) || !infra.started(part)) {
                infra.start(part);
            }
        }
        return infra.endpoints();
    }

    /** The Spring properties ({@code lake.*}) for the requested parts, starting them if needed. */
    /** The parts' endpoints as {@code lake.*} properties, and the JWKS of the test's {@link TestIdentity}. */
    public static Map<String, String> properties(InfraPart... parts) {
        Map<String, String> properties = new LinkedHashMap<>(start(parts).asProperties());
        properties.put("lake.security.internal.jwks-uri", TestIdentity.get().jwksUri());
        return properties;
    }

    /** Restarts a part on the same port and data (for tests of outages). */
    public static synchronized void stop(InfraPart part) {
        infra.stopPart(part);
    }

    public static synchronized void restart(InfraPart part) {
        infra.start(part);
    }

    /** One way of providing the parts. */
    interface Infra {
        void start(InfraPart part);

        boolean started(InfraPart part);

        void stopPart(InfraPart part);

        Endpoints endpoints();

        void stop();
    }
}
