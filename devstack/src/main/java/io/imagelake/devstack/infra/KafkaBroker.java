package io.imagelake.devstack.infra;

import io.imagelake.devstack.StackLayout;
import io.imagelake.devstack.process.Await;
import io.imagelake.devstack.process.LocalPlatformJvm;
import io.imagelake.devstack.process.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker (KRaft combined mode, single node) in its own JVM: with SASL and ACLs
 * ({@link KafkaSecurity}) as the platform runs it, or in plaintext for a test's own servers.
 */
public final class KafkaBroker {

    public static final String NAME = "kafka";
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private KafkaBroker() {}

    public static ManagedProcess start(StackLayout layout, int port, int controllerPort, boolean detached) {
        return start(layout, port, controllerPort, detached, null, 0);
    }

    /**
     * {@code security} null: plaintext, no authorization (a test's own broker). {@code metricsPort} 0: no
     * metrics endpoint; otherwise the broker's own metrics on {@code http://127.0.0.1:<metricsPort>/metrics}.
     */
    public static ManagedProcess start(
            StackLayout layout,
            int port,
            int controllerPort,
            boolean detached,
            KafkaSecurity security,
            int metricsPort) {
        Path data = layout.data(NAME);
        Path conf = layout.conf(NAME);
        try {
            Files.createDirectories(data);
            Files.createDirectories(conf);
            Path properties = conf.resolve("server.properties");
            Files.writeString(
                    properties,
                    serverProperties(data, port, controllerPort)
                            + (security == null
                                    ? PLAINTEXT.formatted(port, controllerPort)
                                    : security.brokerProperties(port, controllerPort))
                            + (metricsPort == 0 ? "" : METRICS.formatted(metricsPort)));
            Path log4j = conf.resolve("log4j2.properties");
            Files.writeString(log4j, LOG4J2);
            String classpath = layout.runtimeClasspath(NAME);
            List<String> jvm = new ArrayList<>(List.of(StackLayout.java(), ManagedProcess.MARKER + NAME));
            // the local platform's broker: the serial collector (no concurrent GC threads competing for two cores)
            // and a heap that starts small; still room for a few of the partner stream's 32 MB records at once.
            // Tests and benchmarks keep G1
            jvm.addAll(
                    detached
                            ? List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC")
                            : List.of("-Xms128m", "-Xmx512m", "-XX:+UseG1GC"));
            jvm.addAll(List.of("-Dlog4j2.configurationFile=" + log4j, "-cp", classpath));

            // storage is formatted once: a formatted log dir keeps its cluster id and data across restarts
            if (!Files.exists(data.resolve("meta.properties"))) {
                Process format = new ProcessBuilder(concat(
                                jvm,
                                List.of(
                                        "kafka.tools.StorageTool",
                                        "format",
                                        "-t",
                                        Uuid.randomUuid().toString(),
                                        "-c",
                                        properties.toString(),
                                        "--ignore-formatted")))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(
                                layout.log(NAME).toFile()))
                        .start();
                if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                    throw new Await.ComponentFailedException(
                            NAME, "storage format failed", ManagedProcess.adopt(NAME, format.pid(), layout.log(NAME)));
                }
            }
            ManagedProcess process = ManagedProcess.launch(
                    NAME,
                    concat(
                            jvm,
                            concat(
                                    detached ? LocalPlatformJvm.options(layout, NAME, classpath) : List.of(),
                                    List.of("kafka.Kafka", properties.toString()))),
                    Map.of(),
                    data,
                    layout.log(NAME),
                    detached);
            String bootstrap = bootstrap(port);
            Map<String, Object> client = security == null ? Map.of() : security.clientProperties(KafkaSecurity.ADMIN);
            Await.healthy(process, STARTUP, () -> healthy(bootstrap, client));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String bootstrap(int port) {
        return "127.0.0.1:" + port;
    }

    public static boolean healthy(String bootstrap) {
        return healthy(bootstrap, Map.of());
    }

    /** {@code client}: the security settings of the client that asks (empty: plaintext). */
    public static boolean healthy(String bootstrap, Map<String, Object> client) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (AdminClient admin = AdminClient.create(config)) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private static String serverProperties(Path data, int port, int controllerPort) {
        return """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                controller.listener.names=CONTROLLER
                log.dirs=%3$s
                num.partitions=3
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=3
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                auto.create.topics.enable=true
                log.retention.hours=168
                # the partner image stream carries whole images (topic max.message.bytes is set per topic)
                message.max.bytes=33554432
                replica.fetch.max.bytes=33554432
                # the compacted topics (consumer offsets) are small here: the cleaner's buffer is allocated on the
                # heap whole, 128 MB by default
                log.cleaner.dedupe.buffer.size=16777216
                """.formatted(port, controllerPort, data);
    }

    private static final String PLAINTEXT = """
            listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
            advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
            inter.broker.listener.name=PLAINTEXT
            listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
            """;

    /**
     * Strimzi's Prometheus metrics reporter, loaded through Kafka's own reporter plugins: the broker's Kafka and
     * Yammer metrics and its JVM, by the names the JMX exporter would give them. It runs inside the broker with no
     * JMX round trip, and it is on Maven Central, where the JMX exporter's agent jar cannot be had here.
     */
    private static final String METRICS = """
            metric.reporters=io.strimzi.kafka.metrics.KafkaPrometheusMetricsReporter
            kafka.metrics.reporters=io.strimzi.kafka.metrics.YammerPrometheusMetricsReporter
            prometheus.metrics.reporter.listener=http://127.0.0.1:%d
            """;

    private static final String LOG4J2 = """
            status = warn
            appender.out.type = Console
            appender.out.name = out
            appender.out.layout.type = PatternLayout
            appender.out.layout.pattern = %d{ISO8601} %-5p [%c{1}] %m%n
            rootLogger.level = warn
            rootLogger.appenderRef.out.ref = out
            logger.server.name = kafka.server.KafkaRaftServer
            logger.server.level = info
            logger.broker.name = kafka.server.BrokerServer
            logger.broker.level = info
            """;

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
