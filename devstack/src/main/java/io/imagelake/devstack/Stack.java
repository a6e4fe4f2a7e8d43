package io.imagelake.devstack;

import io.imagelake.contracts.InternalTokenMinter;
import io.imagelake.contracts.InternalTokens;
import io.imagelake.contracts.Scopes;
import io.imagelake.devstack.demo.LakeAdmin;
import io.imagelake.devstack.demo.LakeClient;
import io.imagelake.devstack.infra.KafkaBroker;
import io.imagelake.devstack.infra.KafkaSecurity;
import io.imagelake.devstack.infra.MongoWireServer;
import io.imagelake.devstack.infra.PostgresServer;
import io.imagelake.devstack.infra.PrometheusServer;
import io.imagelake.devstack.infra.S3ProxyServer;
import io.imagelake.devstack.infra.TrinoServer;
import io.imagelake.devstack.process.Await;
import io.imagelake.devstack.process.FreePorts;
import io.imagelake.devstack.process.ManagedProcess;
import io.imagelake.devstack.process.RunRegistry;
import io.imagelake.devstack.services.ServiceProcess;
import io.imagelake.devstack.services.ServiceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Starts the platform, each part healthy before the parts that need it: Kafka, S3 and Mongo, then the
 * services (gateway last), with Trino beside them ({@link #up()}). A part named by an environment override
 * ({@code LAKE_KAFKA_BOOTSTRAP}, {@code LAKE_S3_ENDPOINT}, {@code LAKE_MONGO_URI}, {@code LAKE_TRINO_URL}) is used,
 * not started.
 * Starting is idempotent: a recorded part that is alive and healthy is kept. The services also get
 * the tracing settings the environment names ({@link #PASSED_TO_SERVICES}), so that the local
 * platform's spans can go to a tracing backend.
 */
public final class Stack {

    /** Settings of the environment every service is started with as they are. */
    public static final List<String> PASSED_TO_SERVICES =
            List.of("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", "MANAGEMENT_TRACING_SAMPLING_PROBABILITY");

    public static final String DEFAULT_ACCESS_KEY = "lake-local";
    public static final String DEFAULT_SECRET_KEY = "lake-local-secret";
    private static final Duration SERVICE_STARTUP = Duration.ofSeconds(180);
    /**
     * A graceful stop takes a service a few seconds, but the first stop after {@code ./lake up} also writes its AOT
     * cache (services.AotLaunch), about 15 s of one core each: not to be cut short by a SIGKILL.
     */
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private final StackLayout layout;
    private final StackPorts ports;
    private final Map<String, String> environment;
    private final boolean detached;
    private final List<String> serviceJvmOptions;
    private final Consumer<String> out;
    private final RunRegistry registry;

    public Stack(
            StackLayout layout,
            StackPorts ports,
            Map<String, String> environment,
            boolean detached,
            List<String> serviceJvmOptions,
            Consumer<String> out) {
        this.layout = layout.prepared();
        this.ports = ports;
        this.environment = environment;
        this.detached = detached;
        this.serviceJvmOptions = serviceJvmOptions;
        this.out = out;
        this.registry = new RunRegistry(layout.run());
    }

    public StackLayout layout() {
        return layout;
    }

    public StackPorts ports() {
        return ports;
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + ports.gateway();
    }

    /**
     * The RSA key the gateway signs internal tokens with (and the normalizer its own): made once,
     * readable by its owner only, kept with the stack's data.
     */
    public Path signingKeyFile() {
        return layout.home().resolve("security").resolve("internal-signing-key.pem");
    }

    /** The local broker's principals and their passwords ({@code security/kafka}). */
    public KafkaSecurity kafkaSecurity() {
        return new KafkaSecurity(layout.home().resolve("security").resolve("kafka"));
    }

    /**
     * The client settings of a principal of the local broker ({@code KafkaSecurity.ADMIN} for tools
     * and tests, {@code PARTNER} as the partner app); none when Kafka is external.
     */
    public Map<String, Object> kafkaClientProperties(String principal) {
        return environment.containsKey("LAKE_KAFKA_BOOTSTRAP")
                ? Map.of()
                : kafkaSecurity().clientProperties(principal);
    }

    /** The bootstrap admin key's secret, written by the gateway on its first start. */
    public Path adminKeyFile() {
        return layout.home().resolve("security").resolve("admin.key");
    }

    private void ensureSigningKey() {
        Path file = signingKeyFile();
        if (Files.exists(file)) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path written = Files.createTempFile(file.getParent(), ".signing", ".pem");
            Files.writeString(written, InternalTokenMinter.newPemKey());
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Internal tokens as the gateway mints them, for calls straight to a service (tests, benches). */
    public InternalTokenMinter internalTokens() {
        ensureSigningKey();
        return InternalTokenMinter.fromPemFile(signingKeyFile(), Duration.ofHours(1), Clock.systemUTC());
    }

    /**
     * Each tenant's internal token (every tenant scope), minted once: a client straight to a service, as the gateway
     * would forward it.
     */
    public LakeClient.Credentials serviceCredentials() {
        var minter = internalTokens();
        var tokens = new ConcurrentHashMap<String, String>();
        return tenant -> tokens.computeIfAbsent(tenant, t -> minter.mint("key:devstack", t, Scopes.TENANT));
    }

    /** The local admin's client of the gateway's key administration (the gateway must have started once). */
    public LakeAdmin admin() {
        return LakeAdmin.fromKeyFile(gatewayUrl(), adminKeyFile());
    }

    /** The infrastructure endpoints: external where the environment names them, else ours. */
    public Endpoints endpoints() {
        String accessKey = environment.getOrDefault("LAKE_S3_ACCESS_KEY", DEFAULT_ACCESS_KEY);
        String secretKey = environment.getOrDefault("LAKE_S3_SECRET_KEY", DEFAULT_SECRET_KEY);
        return new Endpoints(
                environment.getOrDefault("LAKE_KAFKA_BOOTSTRAP", KafkaBroker.bootstrap(ports.kafka())),
                environment.getOrDefault("LAKE_S3_ENDPOINT", S3ProxyServer.endpoint(ports.s3())),
                accessKey,
                secretKey,
                environment.getOrDefault("LAKE_MONGO_URI", MongoWireServer.uri(ports.mongo())),
                environment.getOrDefault("LAKE_TRINO_URL", TrinoServer.jdbcUrl(ports.trino())),
                // an external store (MinIO, S3) is atomic unless said otherwise; the embedded S3Proxy is not
                environment.containsKey("LAKE_S3_ENDPOINT")
                        && Boolean.parseBoolean(environment.getOrDefault("LAKE_S3_ATOMIC_CONDITIONAL_WRITES", "true")));
    }

    /** The service instances of the platform, in start order (the gateway last). */
    public List<ServiceSpec> services() {
        String ingestUris = "http://127.0.0.1:" + ports.ingest1() + ",http://127.0.0.1:" + ports.ingest2();
        return List.of(
                new ServiceSpec(
                        "catalog-service",
                        "catalog-service",
                        ports.catalog(),
                        "384m",
                        // on one machine, a developer's webhook receiver listens on loopback
                        Map.of("LAKE_CATALOG_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true")),
                new ServiceSpec(
                        "image-normalizer",
                        "image-normalizer",
                        ports.normalizer(),
                        "768m",
                        Map.of(
                                "LAKE_NORMALIZER_REPROCESSING_CATALOG_URI",
                                "http://127.0.0.1:" + ports.catalog(),
                                // it reads the catalog as itself when it reprocesses a tenant
                                "LAKE_SECURITY_INTERNAL_SIGNING_KEY_FILE",
                                signingKeyFile().toString(),
                                // glibc's defaults here: with two malloc arenas (ManagedProcess) keeping the render's
                                // native blocks showed no clear gain, and cost ~100 MB of peak RSS on the platform
                                // bench (docs/benchmarks.md, "glibc's allocator")
                                "LAKE_NORMALIZER_MEMORY_NATIVEBLOCKSKEPT",
                                "0")),
                new ServiceSpec("query-service", "query-service", ports.query(), "256m", Map.of()),
                new ServiceSpec("ingest-api-1", "ingest-api", ports.ingest1(), "384m", Map.of()),
                new ServiceSpec("ingest-api-2", "ingest-api", ports.ingest2(), "384m", Map.of()),
                new ServiceSpec(
                        "gateway",
                        "gateway",
                        ports.gateway(),
                        "256m",
                        Map.of(
                                "LAKE_GATEWAY_INGEST_URIS",
                                ingestUris,
                                "LAKE_GATEWAY_CATALOG_URIS",
                                "http://127.0.0.1:" + ports.catalog(),
                                "LAKE_GATEWAY_QUERY_URIS",
                                "http://127.0.0.1:" + ports.query(),
                                "LAKE_GATEWAY_NORMALIZER_URIS",
                                "http://127.0.0.1:" + ports.normalizer(),
                                "LAKE_SECURITY_INTERNAL_SIGNING_KEY_FILE",
                                signingKeyFile().toString(),
                                "LAKE_SECURITY_KEYS_BOOTSTRAP_ADMIN_FILE",
                                adminKeyFile().toString())));
    }

    public void upInfrastructure() {
        upInfrastructure(name -> true);
    }

    /** Only the infrastructure parts {@code include} accepts (by name: kafka, s3, mongo, trino). */
    public void upInfrastructure(Predicate<String> include) {
        upInfrastructure(include, true);
    }

    private void upInfrastructure(Predicate<String> include, boolean sayWhatIsLeftOut) {
        upKafka(include);
        upS3(include);
        upMongo(include);
        if (include.test(TrinoServer.NAME)) {
            upAnalytics();
        } else if (sayWhatIsLeftOut) {
            out.accept("trino: not needed");
        }
    }

    private void upKafka(Predicate<String> include) {
        Endpoints e = endpoints();
        if (!include.test(KafkaBroker.NAME)) {
            out.accept("kafka: not needed");
        } else if (!environment.containsKey("LAKE_KAFKA_BOOTSTRAP")) {
            var security = kafkaSecurity();
            ensure(
                    1,
                    KafkaBroker.NAME,
                    ports.kafka(),
                    "kafka-sasl:" + e.kafkaBootstrap() + "@" + security.directory(),
                    () -> KafkaBroker.start(
                            layout, ports.kafka(), ports.kafkaController(), detached, security, ports.kafkaMetrics()));
            // every start: the services' and the partner's SCRAM users and ACLs (idempotent)
            security.ensurePrincipals(e.kafkaBootstrap());
        } else {
            out.accept("kafka: external " + e.kafkaBootstrap());
        }
    }

    private void upS3(Predicate<String> include) {
        Endpoints e = endpoints();
        if (!include.test(S3ProxyServer.NAME)) {
            out.accept("s3: not needed");
        } else if (!environment.containsKey("LAKE_S3_ENDPOINT")) {
            ensure(
                    2,
                    S3ProxyServer.NAME,
                    ports.s3(),
                    "s3:" + e.s3Endpoint(),
                    () -> S3ProxyServer.start(layout, ports.s3(), e.s3AccessKey(), e.s3SecretKey(), detached));
        } else {
            out.accept("s3: external " + e.s3Endpoint());
        }
    }

    private void upMongo(Predicate<String> include) {
        Endpoints e = endpoints();
        if (!include.test(MongoWireServer.NAME)) {
            out.accept("mongo: not needed");
        } else if (!environment.containsKey("LAKE_MONGO_URI")) {
            ensure(
                    3,
                    MongoWireServer.NAME,
                    ports.mongo(),
                    "mongo:" + e.mongoUri(),
                    () -> MongoWireServer.start(layout, ports.mongo(), detached));
        } else {
            out.accept("mongo: external " + e.mongoUri());
        }
    }

    /** Trino, and the PostgreSQL its marts' catalog lives in (unless Trino is external). */
    private void upAnalytics() {
        Endpoints e = endpoints();
        if (!environment.containsKey("LAKE_TRINO_URL")) {
            // the marts' catalog: Trino's, so started with it
            ensure(
                    4,
                    PostgresServer.NAME,
                    ports.postgres(),
                    "postgres:" + PostgresServer.jdbcUrl(ports.postgres()),
                    () -> PostgresServer.start(layout, ports.postgres(), detached));
            var marts = new TrinoServer.Marts(
                    PostgresServer.jdbcUrl(ports.postgres()), e.s3Endpoint(), e.s3AccessKey(), e.s3SecretKey());
            ensure(
                    5,
                    TrinoServer.NAME,
                    ports.trino(),
                    "trino:" + e.trinoUrl(),
                    () -> TrinoServer.start(layout, ports.trino(), e.mongoUri(), marts, detached));
        } else {
            out.accept("trino: external " + e.trinoUrl());
        }
    }

    /** Launches every service at once (startup is CPU-bound; the JVMs overlap I/O), then waits for each. */
    public void upServices() {
        upServices(spec -> true);
    }

    /** Only the services {@code include} accepts (benchmarks isolate one path this way). */
    public void upServices(Predicate<ServiceSpec> include) {
        upServices(include, Map.of());
    }

    /** Only the services {@code include} accepts, with more environment (e.g. another pipeline version). */
    public void upServices(Predicate<ServiceSpec> include, Map<String, String> moreEnvironment) {
        upServices(services().stream().filter(include).toList(), moreEnvironment);
    }

    /**
     * One more instance beside the platform's (e.g. a second gateway configured otherwise, for a
     * benchmark's reference), recorded like the others so that {@code down} stops it.
     */
    public void upExtraService(ServiceSpec spec, Map<String, String> moreEnvironment) {
        upServices(List.of(spec), moreEnvironment);
    }

    private void upServices(List<ServiceSpec> specs, Map<String, String> moreEnvironment) {
        ensureSigningKey();
        Map<String, String> env = new HashMap<>(endpoints().asEnvironment());
        // every service verifies its callers' internal tokens against the gateway's keys
        env.put("LAKE_SECURITY_INTERNAL_JWKS_URI", gatewayUrl() + InternalTokens.JWKS_PATH);
        PASSED_TO_SERVICES.stream()
                .filter(environment::containsKey)
                .forEach(name -> env.put(name, environment.get(name)));
        env.putAll(moreEnvironment);
        Map<ServiceSpec, ManagedProcess> launched = new LinkedHashMap<>();
        List<ServiceSpec> platform = services();
        for (ServiceSpec spec : specs) {
            int order = platform.contains(spec) ? 11 + platform.indexOf(spec) : 11 + platform.size();
            var running = alive(spec.name());
            if (running.isPresent()) {
                launched.put(spec, running.get().process());
                continue;
            }
            requireFreePort(spec.name(), spec.port());
            ManagedProcess process =
                    ServiceProcess.launch(layout, spec, withKafkaPrincipal(env, spec), serviceJvmOptions, detached);
            registry.record(new RunRegistry.Entry(
                    order, spec.name(), process.pid(), spec.port(), process.log(), "http:" + spec.healthUrl()));
            launched.put(spec, process);
        }
        for (var started : launched.entrySet()) {
            long t0 = System.nanoTime();
            Await.healthy(
                    started.getValue(),
                    SERVICE_STARTUP,
                    () -> ServiceProcess.ready(started.getKey().healthUrl()));
            out.accept("%s: healthy on port %d (pid %d, +%d ms)"
                    .formatted(
                            started.getKey().name(),
                            started.getKey().port(),
                            started.getValue().pid(),
                            (System.nanoTime() - t0) / 1_000_000));
        }
    }

    /** A service with a Kafka client talks to the local broker as its own principal. */
    private Map<String, String> withKafkaPrincipal(Map<String, String> env, ServiceSpec spec) {
        if (environment.containsKey("LAKE_KAFKA_BOOTSTRAP") || !KafkaSecurity.SERVICES.contains(spec.module())) {
            return env;
        }
        Map<String, String> with = new HashMap<>(env);
        with.put("LAKE_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        with.put("LAKE_KAFKA_USERNAME", spec.module());
        with.put("LAKE_KAFKA_PASSWORD", kafkaSecurity().password(spec.module()));
        return with;
    }

    /**
     * Every part starts as soon as what it needs is up, since start-up on two shared cores is CPU that can overlap
     * (measured in docs/benchmarks.md): Trino and its catalog's PostgreSQL need no other part to start and no service
     * needs them to start (query-service connects on first use, and its readiness waits for Trino), so they start
     * first, beside everything else; Kafka, S3 and Mongo need nothing of each other; the services need all three.
     */
    public void up() {
        Predicate<String> all = name -> true;
        CompletableFuture<Void> analytics = beside(this::upAnalytics);
        try {
            join(CompletableFuture.allOf(
                    beside(() -> upKafka(all)), beside(() -> upS3(all)), beside(() -> upMongo(all))));
            upServices();
        } finally {
            join(analytics);
        }
        upMonitoring();
    }

    /**
     * On a thread of its own, not the common pool's: a new thread inherits this one's context class loader, which sees
     * the launcher's nested jars. JDBC's DriverManager finds the PostgreSQL and Trino drivers through it; on a
     * common-pool thread (the system class loader) every health check failed with "no suitable driver".
     */
    static CompletableFuture<Void> beside(Runnable part) {
        return CompletableFuture.runAsync(part, task -> Thread.ofPlatform().start(task));
    }

    private static void join(CompletableFuture<Void> parts) {
        try {
            parts.join();
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
    }

    /**
     * Prometheus over the platform's services with production's rules, when its binary is installed
     * ({@link PrometheusServer#binary()}); the platform runs without it otherwise.
     */
    public void upMonitoring() {
        Optional<Path> binary = PrometheusServer.binary();
        if (binary.isEmpty()) {
            out.accept("prometheus: not installed, so no alerts are evaluated locally"
                    + " (apt-get install prometheus, or LAKE_PROMETHEUS=<binary>)");
            return;
        }
        ensure(
                6,
                PrometheusServer.NAME,
                ports.prometheus(),
                "prometheus:" + prometheusUrl(),
                () -> PrometheusServer.start(
                        layout, binary.get(), ports.prometheus(), services(), infrastructureTargets(), detached));
    }

    /**
     * The infrastructure this stack runs that has a metrics endpoint: Kafka (its reporter) and Trino. The S3
     * and Mongo servers of the local platform export none; production's MinIO and MongoDB exporter do.
     */
    private List<PrometheusServer.InfraTarget> infrastructureTargets() {
        List<PrometheusServer.InfraTarget> targets = new ArrayList<>();
        if (alive(KafkaBroker.NAME).isPresent()) {
            targets.add(PrometheusServer.InfraTarget.kafka(ports.kafkaMetrics()));
        }
        if (alive(TrinoServer.NAME).isPresent()) {
            targets.add(PrometheusServer.InfraTarget.trino(ports.trino()));
        }
        return targets;
    }

    public String prometheusUrl() {
        return PrometheusServer.url(ports.prometheus());
    }

    private void ensure(int order, String name, int port, String health, Supplier<ManagedProcess> starter) {
        var running = alive(name);
        if (running.isPresent()) {
            RunRegistry.Entry entry = running.get();
            Await.healthy(entry.process(), SERVICE_STARTUP, () -> healthy(entry));
            out.accept(name + ": already running (pid " + entry.pid() + ")");
            return;
        }
        requireFreePort(name, port);
        long t0 = System.nanoTime();
        ManagedProcess process = starter.get();
        registry.record(new RunRegistry.Entry(order, name, process.pid(), port, process.log(), health));
        out.accept("%s: healthy on port %d (pid %d, %d ms)"
                .formatted(name, port, process.pid(), (System.nanoTime() - t0) / 1_000_000));
    }

    /**
     * The recorded process of a part, if it is still alive (and still that part). A live part is
     * awaited, never started twice: a slow health answer on a busy machine is not a dead server.
     */
    private Optional<RunRegistry.Entry> alive(String name) {
        return registry.find(name).filter(entry -> entry.process().isAlive());
    }

    private static void requireFreePort(String name, int port) {
        if (FreePorts.listening(port)) {
            throw new Await.ComponentFailedException(
                    name,
                    "port " + port
                            + " is already in use by a process this stack did not start (stop it, or free the port)",
                    null);
        }
    }

    /** Stops what this stack started, by recorded pid, last started first. */
    public void down() {
        List<RunRegistry.Entry> entries = new ArrayList<>(registry.entries());
        Collections.reverse(entries);
        for (RunRegistry.Entry entry : entries) {
            ManagedProcess process = entry.process();
            if (process.isAlive()) {
                process.stop(STOP_GRACE);
                out.accept(entry.name() + ": stopped (pid " + entry.pid() + ")");
            } else {
                out.accept(entry.name() + ": was not running");
            }
            registry.remove(entry.name());
        }
    }

    /** Stops one recorded part (for outage tests); {@link #up()} starts it again on the same port and data. */
    public void stop(String name) {
        registry.find(name).ifPresent(entry -> {
            entry.process().stop(STOP_GRACE);
            registry.remove(name);
            out.accept(name + ": stopped (pid " + entry.pid() + ")");
        });
    }

    /**
     * kill -9 of one recorded part (chaos tests): no graceful shutdown. {@link #upInfrastructure()} or
     * {@link #upServices(Predicate)} starts it again on the same port and data.
     */
    public void kill(String name) {
        RunRegistry.Entry entry = recordedPart(name);
        entry.process().kill();
        registry.remove(name);
        out.accept(name + ": killed (pid " + entry.pid() + ")");
    }

    /** Freezes (SIGSTOP) or thaws (SIGCONT) one recorded part, which keeps its sockets and state meanwhile. */
    public void freeze(String name, boolean frozen) {
        recordedPart(name).process().freeze(frozen);
        out.accept(name + (frozen ? ": frozen" : ": thawed"));
    }

    private RunRegistry.Entry recordedPart(String name) {
        return registry.find(name).orElseThrow(() -> new IllegalArgumentException(name + " is not recorded"));
    }

    public List<RunRegistry.Entry> recorded() {
        return registry.entries();
    }

    public static boolean healthy(RunRegistry.Entry entry) {
        String health = entry.health();
        int colon = health.indexOf(':');
        String kind = health.substring(0, colon);
        String target = health.substring(colon + 1);
        return Await.safely(() -> switch (kind) {
            case "kafka" -> KafkaBroker.healthy(target);
            case "kafka-sasl" ->
                KafkaBroker.healthy(
                        target.substring(0, target.indexOf('@')),
                        new KafkaSecurity(Path.of(target.substring(target.indexOf('@') + 1)))
                                .clientProperties(KafkaSecurity.ADMIN));
            case "s3" -> S3ProxyServer.healthy(target);
            case "mongo" -> MongoWireServer.healthy(target);
            case "trino" -> TrinoServer.healthy(target);
            case "postgres" -> PostgresServer.healthy(target);
            case "prometheus" -> PrometheusServer.healthy(target);
            case "http" -> ServiceProcess.ready(target);
            default -> false;
        });
    }
}
