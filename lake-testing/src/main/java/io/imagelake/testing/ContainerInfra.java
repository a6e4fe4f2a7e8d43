package io.imagelake.testing;

import io.imagelake.devstack.Endpoints;
import io.imagelake.devstack.StackLayout;
import io.imagelake.devstack.infra.PostgresServer;
import io.imagelake.devstack.infra.S3ProxyServer;
import io.imagelake.devstack.infra.TrinoServer;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.trino.TrinoContainer;
import org.testcontainers.utility.MountableFile;

/**
 * The same parts on Testcontainers ({@code -Dlake.infra=containers}): real MinIO, MongoDB, Kafka and
 * Trino for users with a Docker engine, and PostgreSQL for the marts' catalog. Trino reaches MongoDB,
 * MinIO and PostgreSQL over a shared container network.
 */
final class ContainerInfra implements LakeInfra.Infra {

    private static final String MINIO_USER = "lake-local";
    private static final String MINIO_PASSWORD = "lake-local-secret";

    private final Network network = Network.newNetwork();
    private final Path repo = StackLayout.findRepo();
    private final Map<InfraPart, GenericContainer<?>> containers = new EnumMap<>(InfraPart.class);

    @Override
    public void start(InfraPart part) {
        GenericContainer<?> container = switch (part) {
            case KAFKA -> new KafkaContainer("apache/kafka:4.1.2");
            case S3 ->
                new MinIOContainer("minio/minio:RELEASE.2025-09-07T16-13-09Z")
                        .withUserName(MINIO_USER)
                        .withPassword(MINIO_PASSWORD)
                        .withNetwork(network)
                        .withNetworkAliases("minio");
            case MONGO -> new MongoDBContainer("mongo:8.0").withNetwork(network).withNetworkAliases("mongo");
            case POSTGRES ->
                new GenericContainer<>("postgres:16")
                        .withNetwork(network)
                        .withNetworkAliases("postgres")
                        .withEnv("POSTGRES_USER", PostgresServer.DEFAULT_USER)
                        .withEnv("POSTGRES_PASSWORD", PostgresServer.DEFAULT_PASSWORD)
                        .withEnv("POSTGRES_DB", PostgresServer.DATABASE)
                        .withCopyFileToContainer(
                                MountableFile.forHostPath(repo.resolve("deploy/postgres/iceberg-catalog.sql")),
                                "/docker-entrypoint-initdb.d/iceberg-catalog.sql")
                        .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2));
            case TRINO -> {
                for (InfraPart needed : List.of(InfraPart.MONGO, InfraPart.S3, InfraPart.POSTGRES)) {
                    if (!containers.containsKey(needed)) {
                        start(needed);
                    }
                }
                var marts = new TrinoServer.Marts(
                        "jdbc:postgresql://postgres:5432/" + PostgresServer.DATABASE,
                        "http://minio:9000",
                        MINIO_USER,
                        MINIO_PASSWORD);
                yield new TrinoContainer("trinodb/trino:476")
                        .withNetwork(network)
                        .withEnv(marts.environment())
                        .withCopyToContainer(
                                Transferable.of(
                                        "connector.name=mongodb\nmongodb.connection-url=mongodb://mongo:27017/\n"),
                                "/etc/trino/catalog/mongodb.properties")
                        .withCopyFileToContainer(
                                MountableFile.forHostPath(repo.resolve("deploy/trino/catalog/iceberg.properties")),
                                "/etc/trino/catalog/iceberg.properties");
            }
        };
        container.start();
        containers.put(part, container);
        if (part == InfraPart.S3) {
            S3ProxyServer.createBuckets(((MinIOContainer) container).getS3URL(), MINIO_USER, MINIO_PASSWORD);
        }
    }

    @Override
    public boolean started(InfraPart part) {
        GenericContainer<?> container = containers.get(part);
        return container != null && container.isRunning();
    }

    @Override
    public void stopPart(InfraPart part) {
        GenericContainer<?> container = containers.get(part);
        if (container != null) {
            // pause rather than stop: the mapped port and the data must survive the outage
            container
                    .getDockerClient()
                    .pauseContainerCmd(container.getContainerId())
                    .exec();
        }
    }

    @Override
    public Endpoints endpoints() {
        return new Endpoints(
                containers.get(InfraPart.KAFKA) instanceof KafkaContainer k ? k.getBootstrapServers() : null,
                containers.get(InfraPart.S3) instanceof MinIOContainer m ? m.getS3URL() : null,
                MINIO_USER,
                MINIO_PASSWORD,
                containers.get(InfraPart.MONGO) instanceof MongoDBContainer m ? m.getReplicaSetUrl("lake") : null,
                containers.get(InfraPart.TRINO) instanceof TrinoContainer t ? t.getJdbcUrl() : null,
                true); // MinIO
    }

    @Override
    public void stop() {
        containers.values().forEach(GenericContainer::stop);
        network.close();
    }
}
