package io.imagelake.catalog;

import io.imagelake.contracts.ObjectRef;
import io.imagelake.devstack.Endpoints;
import io.imagelake.devstack.demo.LakeClient;
import io.imagelake.testing.InfraPart;
import io.imagelake.testing.LakeInfra;
import io.imagelake.testing.TestIdentity;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What every catalog-service integration test stands on: a real Kafka broker, Mongo wire server
 * and S3 server (started once per test JVM), the service on a random port, and small helpers.
 */
public abstract class CatalogOnRealServers {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        LakeInfra.properties(InfraPart.KAFKA, InfraPart.MONGO, InfraPart.S3)
                .forEach((k, v) -> registry.add(k, () -> v));
        // every cached context is a catalog replica sending the same webhook deliveries: they must agree on
        // what they may call and when they retry, or the test's receiver depends on which replica sends
        registry.add("lake.catalog.webhooks.allow-private-targets", () -> "true");
        registry.add("lake.catalog.webhooks.first-retry", () -> "300ms");
        registry.add("lake.catalog.webhooks.poll-interval", () -> "200ms");
    }

    @LocalServerPort
    protected int port;

    // a field, not a @DynamicPropertySource side effect: the test instance exists before that runs
    protected final Endpoints endpoints = LakeInfra.start(InfraPart.KAFKA, InfraPart.MONGO, InfraPart.S3);
    protected final MinioClient s3 = endpoints.s3Client();

    protected LakeClient client() {
        return TestIdentity.client("http://127.0.0.1:" + port);
    }

    protected void put(ObjectRef ref) throws Exception {
        put(ref, "bytes".getBytes(StandardCharsets.UTF_8));
    }

    protected void put(ObjectRef ref, byte[] bytes) throws Exception {
        s3.putObject(PutObjectArgs.builder().bucket(ref.bucket()).object(ref.key()).stream(
                        new ByteArrayInputStream(bytes), bytes.length, -1)
                .build());
    }

    protected boolean exists(ObjectRef ref) {
        try {
            s3.statObject(StatObjectArgs.builder()
                    .bucket(ref.bucket())
                    .object(ref.key())
                    .build());
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
