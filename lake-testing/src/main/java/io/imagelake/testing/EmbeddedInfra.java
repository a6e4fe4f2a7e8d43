package io.imagelake.testing;

import io.imagelake.devstack.Endpoints;
import io.imagelake.devstack.Stack;
import io.imagelake.devstack.StackLayout;
import io.imagelake.devstack.StackPorts;
import io.imagelake.devstack.infra.KafkaBroker;
import io.imagelake.devstack.infra.MongoWireServer;
import io.imagelake.devstack.infra.PostgresServer;
import io.imagelake.devstack.infra.S3ProxyServer;
import io.imagelake.devstack.infra.TrinoServer;
import io.imagelake.devstack.process.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

/** The embedded servers in their own JVMs, on free ports, with data under the module's target/. */
final class EmbeddedInfra implements LakeInfra.Infra {

    private final StackLayout layout;
    private final StackPorts ports = StackPorts.free();
    private final Map<InfraPart, ManagedProcess> processes = new EnumMap<>(InfraPart.class);

    EmbeddedInfra() {
        Path repo = StackLayout.findRepo();
        Path home =
                Path.of("target", "lake-infra-" + ProcessHandle.current().pid()).toAbsolutePath();
        deleteRecursively(home);
        this.layout = new StackLayout(repo, home).prepared();
    }

    @Override
    public void start(InfraPart part) {
        long t0 = System.nanoTime();
        ManagedProcess process = switch (part) {
            case KAFKA -> KafkaBroker.start(layout, ports.kafka(), ports.kafkaController(), false);
            case S3 ->
                S3ProxyServer.start(layout, ports.s3(), Stack.DEFAULT_ACCESS_KEY, Stack.DEFAULT_SECRET_KEY, false);
            case MONGO -> MongoWireServer.start(layout, ports.mongo(), false);
            case POSTGRES -> PostgresServer.start(layout, ports.postgres(), false);
            case TRINO -> {
                start(InfraPart.MONGO, true);
                // the gold marts: Iceberg tables in the object store, their catalog in PostgreSQL
                start(InfraPart.S3, true);
                start(InfraPart.POSTGRES, true);
                var marts = new TrinoServer.Marts(
                        PostgresServer.jdbcUrl(ports.postgres()),
                        S3ProxyServer.endpoint(ports.s3()),
                        Stack.DEFAULT_ACCESS_KEY,
                        Stack.DEFAULT_SECRET_KEY);
                yield TrinoServer.start(layout, ports.trino(), MongoWireServer.uri(ports.mongo()), marts, false);
            }
        };
        processes.put(part, process);
        System.out.printf(
                "[lake-infra] %s ready in %d ms (pid %d, log %s)%n",
                part, (System.nanoTime() - t0) / 1_000_000, process.pid(), process.log());
    }

    private void start(InfraPart part, boolean onlyIfMissing) {
        if (!onlyIfMissing || !started(part)) {
            start(part);
        }
    }

    @Override
    public boolean started(InfraPart part) {
        ManagedProcess process = processes.get(part);
        return process != null && process.isAlive();
    }

    @Override
    public void stopPart(InfraPart part) {
        ManagedProcess process = processes.remove(part);
        if (process != null) {
            process.stop(Duration.ofSeconds(15));
        }
    }

    @Override
    public Endpoints endpoints() {
        return new Endpoints(
                processes.containsKey(InfraPart.KAFKA) ? KafkaBroker.bootstrap(ports.kafka()) : null,
                processes.containsKey(InfraPart.S3) ? S3ProxyServer.endpoint(ports.s3()) : null,
                Stack.DEFAULT_ACCESS_KEY,
                Stack.DEFAULT_SECRET_KEY,
                processes.containsKey(InfraPart.MONGO) ? MongoWireServer.uri(ports.mongo()) : null,
                processes.containsKey(InfraPart.TRINO) ? TrinoServer.jdbcUrl(ports.trino()) : null,
                false); // S3Proxy
    }

    @Override
    public void stop() {
        processes.values().forEach(p -> p.stop(Duration.ofSeconds(10)));
        processes.clear();
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
