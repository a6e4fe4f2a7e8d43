package io.imagelake.bench;

import io.imagelake.devstack.Endpoints;
import io.imagelake.devstack.Stack;
import io.imagelake.devstack.StackLayout;
import io.imagelake.devstack.StackPorts;
import io.imagelake.devstack.demo.LakeClient;
import io.imagelake.devstack.process.FreePorts;
import io.imagelake.devstack.services.ServiceSpec;
import io.imagelake.support.storage.ObjectStoreAutoConfiguration.ObjectStoreClients;
import io.imagelake.support.storage.StorageProperties;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Uploads through the gateway (the full ingest path: gateway, ingest-api, bronze PUT, Kafka ack)
 * versus PUTs of the same bytes straight to the same S3 server with the same concurrency, in one
 * run, on a stack of its own (free ports; only Kafka, S3, the gateway and both ingest-api instances,
 * so consumers do not compete for the cores with the path measured). Prints uploads/s, MB/s,
 * p50/p99, the ratios, and the CPU each process used.
 */
public final class IngestThroughput {

    private static final int SMALL_TARGET_BYTES = 200 * 1024;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path corpus = Path.of(options.getOrDefault("corpus", "bench/.corpus"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "16"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "3"));

        List<byte[]> originals = load(corpus.resolve("originals"));
        List<byte[]> small = smallCopies(originals, corpus.resolve("small"));
        System.out.printf(
                "corpus: %d originals (%.1f MB), %d copies of ~200 KB (%.1f MB)%n",
                originals.size(), mb(originals), small.size(), mb(small));

        StackLayout layout = new StackLayout(
                StackLayout.findRepo(), Path.of("bench/.work/stack").toAbsolutePath());
        // LAKE_BENCH_JVM_OPTS: extra options for the service JVMs (e.g. a JFR recording), space-separated
        List<String> jvm =
                System.getenv().getOrDefault("LAKE_BENCH_JVM_OPTS", "").isBlank()
                        ? List.of()
                        : List.of(System.getenv("LAKE_BENCH_JVM_OPTS").trim().split("\\s+"));
        Stack stack =
                new Stack(layout, StackPorts.free(), Map.of(), false, jvm, line -> System.out.println("  " + line));
        try {
            // Mongo holds the gateway's API keys and its instances' heartbeats (the rate limits' shares)
            stack.upInfrastructure(name -> name.equals("kafka") || name.equals("s3") || name.equals("mongo"));
            // the path measured: gateway -> ingest-api -> S3 + Kafka; consumers would only compete for the cores
            // rate limiting on, as in production, but never the bottleneck of the measurement
            // the default rate limits, as in production; the clients are 16 tenants with a key each (one per client
            // thread), each well under its limits, so the buckets are synchronized as with many real clients
            Map<String, String> limits = Map.of();
            stack.upServices(
                    spec -> spec.name().startsWith("ingest-api") || spec.name().equals("gateway"), limits);
            Endpoints endpoints = stack.endpoints();
            MinioClient s3 = ObjectStoreClients.create(new StorageProperties(
                    URI.create(endpoints.s3Endpoint()),
                    endpoints.s3AccessKey(),
                    endpoints.s3SecretKey(),
                    "us-east-1",
                    new StorageProperties.Buckets("bronze", "silver", "gold"),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(60),
                    new StorageProperties.Retry(0, Duration.ZERO, 1),
                    false,
                    endpoints.s3AtomicConditionalWrites()));
            if (!s3.bucketExists(
                    BucketExistsArgs.builder().bucket("bench-direct").build())) {
                s3.makeBucket(MakeBucketArgs.builder().bucket("bench-direct").build());
            }
            LakeClient gateway =
                    new LakeClient(stack.gatewayUrl(), stack.admin().tenantKeys());
            Upload direct = bytes -> s3.putObject(
                    PutObjectArgs.builder().bucket("bench-direct").object("bench/" + UUID.randomUUID()).stream(
                                    new ByteArrayInputStream(bytes), bytes.length, -1)
                            .contentType("image/jpeg")
                            .build());
            Upload full = bytes -> created(gateway, bytes);
            Upload tus = bytes -> resumable(gateway, bytes);
            Upload directToStorage = bytes -> directToStorage(gateway, bytes);
            // the same uploads without the gateway hop (round robin over both instances, as the gateway
            // balances): what the gateway itself costs on these shared cores
            LakeClient.Credentials asForwarded = stack.serviceCredentials();
            List<LakeClient> instances = List.of(
                    new LakeClient("http://127.0.0.1:" + stack.ports().ingest1(), asForwarded),
                    new LakeClient("http://127.0.0.1:" + stack.ports().ingest2(), asForwarded));
            AtomicInteger next = new AtomicInteger();
            Upload ingestDirect =
                    bytes -> created(instances.get(Math.floorMod(next.getAndIncrement(), instances.size())), bytes);

            System.out.printf(
                    "%nconcurrency %d, %d rounds over the corpus per measurement (after %d warm-up rounds)%n%n",
                    concurrency, rounds, warmup);
            StringBuilder cpuReport = new StringBuilder();
            List<String[]> goals = new ArrayList<>();
            List<String[]> tusGoals = new ArrayList<>();
            List<String[]> directGoals = new ArrayList<>();
            List<String[]> cpuGoals = new ArrayList<>();
            System.out.printf("%-18s %-26s %10s %9s %9s %9s%n", "set", "path", "uploads/s", "MB/s", "p50 ms", "p99 ms");
            for (var set : List.of(Map.entry("originals", originals), Map.entry("200 KB copies", small))) {
                run(direct, set.getValue(), concurrency, warmup);
                run(full, set.getValue(), concurrency, warmup);
                run(ingestDirect, set.getValue(), concurrency, warmup);
                run(tus, set.getValue(), concurrency, warmup);
                run(directToStorage, set.getValue(), concurrency, warmup);
                var cpu0 = cpuSeconds(stack);
                Result d = run(direct, set.getValue(), concurrency, rounds);
                var cpu1 = cpuSeconds(stack);
                Result g = run(full, set.getValue(), concurrency, rounds);
                var cpu2 = cpuSeconds(stack);
                Result i = run(ingestDirect, set.getValue(), concurrency, rounds);
                var cpu3 = cpuSeconds(stack);
                Result t = run(tus, set.getValue(), concurrency, rounds);
                Result p = run(directToStorage, set.getValue(), concurrency, rounds);
                cpuReport.append(String.format("%-14s direct:  %s%n", set.getKey(), delta(cpu0, cpu1)));
                cpuReport.append(String.format("%-14s gateway: %s%n", set.getKey(), delta(cpu1, cpu2)));
                cpuReport.append(String.format("%-14s ingest:  %s%n", set.getKey(), delta(cpu2, cpu3)));
                cpuGoals.add(new String[] {set.getKey(), Double.toString(oursOverStore(cpu1, cpu2))});
                System.out.printf(
                        "%-18s %-26s %10.1f %9.1f %9.1f %9.1f%n",
                        set.getKey(), "direct PUT to S3", d.perSecond(), d.mbPerSecond(), d.p50(), d.p99());
                System.out.printf(
                        "%-18s %-26s %10.1f %9.1f %9.1f %9.1f%n",
                        set.getKey(),
                        "gateway -> ingest -> S3+Kafka",
                        g.perSecond(),
                        g.mbPerSecond(),
                        g.p50(),
                        g.p99());
                System.out.printf(
                        "%-18s %-26s %10.1f %9.1f %9.1f %9.1f%n",
                        set.getKey(), "ingest-api -> S3+Kafka", i.perSecond(), i.mbPerSecond(), i.p50(), i.p99());
                System.out.printf(
                        "%-18s %-26s %10.2f %9.2f%n",
                        set.getKey(),
                        "ratio (gateway / direct)",
                        g.perSecond() / d.perSecond(),
                        g.mbPerSecond() / d.mbPerSecond());
                System.out.printf(
                        "%-18s %-26s %10.2f %9.2f%n",
                        set.getKey(),
                        "ratio (no gateway / direct)",
                        i.perSecond() / d.perSecond(),
                        i.mbPerSecond() / d.mbPerSecond());
                System.out.printf(
                        "%-18s %-26s %10.1f %9.1f %9.1f %9.1f%n",
                        set.getKey(), "gateway -> tus POST+PATCH", t.perSecond(), t.mbPerSecond(), t.p50(), t.p99());
                System.out.printf(
                        "%-18s %-26s %10.2f %9.2f%n",
                        set.getKey(),
                        "ratio (tus / multipart)",
                        t.perSecond() / g.perSecond(),
                        t.mbPerSecond() / g.mbPerSecond());
                goals.add(new String[] {set.getKey(), Double.toString(g.perSecond() / d.perSecond())});
                tusGoals.add(new String[] {set.getKey(), Double.toString(t.perSecond() / g.perSecond())});
                System.out.printf(
                        "%-18s %-26s %10.1f %9.1f %9.1f %9.1f%n",
                        set.getKey(),
                        "direct upload (open+PUT+done)",
                        p.perSecond(),
                        p.mbPerSecond(),
                        p.p50(),
                        p.p99());
                System.out.printf(
                        "%-18s %-26s %10.2f %9.2f%n",
                        set.getKey(),
                        "ratio (direct upload / PUT)",
                        p.perSecond() / d.perSecond(),
                        p.mbPerSecond() / d.mbPerSecond());
                directGoals.add(new String[] {set.getKey(), Double.toString(p.perSecond() / d.perSecond())});
            }
            double authRatio = identityCost(stack, limits, originals, small, concurrency, warmup, rounds);
            double tracingRatio = TracingCost.measure(stack, originals, small, concurrency, warmup, rounds);
            System.out.println("\nCPU seconds per process during each measurement (bench = this client JVM):");
            System.out.print(cpuReport);
            for (String[] goal : goals) {
                BenchResult.atLeast(
                        "ingest-gateway-vs-direct-put-" + goal[0].replaceAll("[^A-Za-z0-9]+", "-"),
                        Double.parseDouble(goal[1]),
                        0.8);
            }
            for (String[] goal : tusGoals) {
                // a resumable upload's overhead: a second request and its chunk spooled before it is stored
                BenchResult.atLeast(
                        "tus-vs-multipart-upload-" + goal[0].replaceAll("[^A-Za-z0-9]+", "-"),
                        Double.parseDouble(goal[1]),
                        0.8);
            }
            for (String[] goal : directGoals) {
                // the bytes go to the store as a raw PUT's do; the lake adds a declaration, a check and a copy
                BenchResult.atLeast(
                        "direct-upload-vs-raw-put-" + goal[0].replaceAll("[^A-Za-z0-9]+", "-"),
                        Double.parseDouble(goal[1]),
                        0.9);
            }
            for (String[] goal : cpuGoals) {
                // our share of an upload's cost: the gateway and both ingest-api instances against the store
                BenchResult.atMost(
                        "ingest-our-cpu-vs-store-cpu-" + goal[0].replaceAll("[^A-Za-z0-9]+", "-"),
                        Double.parseDouble(goal[1]),
                        1.0);
            }
            BenchResult.atMost("gateway-cpu-per-upload-auth-and-limits-on-vs-off-200KB", authRatio, 1.05);
            // the request path's CPU with every upload traced and exported, against sampling 0
            BenchResult.atMost("tracing-cpu-per-upload-on-vs-off-200KB", tracingRatio, 1.10);
        } finally {
            stack.down();
        }
    }

    /** Gateway JVMs per configuration: two alike JVMs differ by up to ~10 % (JIT decisions), one alone misleads. */
    private static final int JVMS_PER_CONFIGURATION = 2;

    /**
     * What identity (API key verification) and rate limiting (each instance's share of the buckets) cost the gateway:
     * the same 200 KB uploads through gateways started beside the platform's, {@link #JVMS_PER_CONFIGURATION} JVMs per
     * configuration: both on as in production, rate limiting off, and both off ({@code lake.security.mode=trusted-
     * header}; it still mints the internal token, which the services need). All are started and warmed alike (the
     * platform's own gateway has served far more, so its JIT and heap would differ), then measured in turns of two
     * rounds, each first in turn, so that drift on the shared cores falls on all alike. Returns gateway CPU per upload
     * of each configuration's JVMs together, on / off; also prints how far the reference's JVMs differ from each other.
     */
    private static double identityCost(
            Stack stack,
            Map<String, String> limits,
            List<byte[]> originals,
            List<byte[]> files,
            int concurrency,
            int warmup,
            int rounds)
            throws Exception {
        ServiceSpec platform = platformSpec(stack, "gateway");
        Map<String, String> noLimits = new HashMap<>(limits);
        noLimits.put("LAKE_GATEWAY_RATE_LIMIT_ENABLED", "false");
        Map<String, String> off = new HashMap<>(noLimits);
        off.put("LAKE_SECURITY_MODE", "trusted-header");
        List<Map<String, String>> configurations = List.of(limits, noLimits, off);
        List<String> names = List.of("on", "keys-only", "open");
        List<AlternatingTurns.Way> ways = new ArrayList<>();
        for (int c = 0; c < configurations.size(); c++) {
            for (int j = 1; j <= JVMS_PER_CONFIGURATION; j++) {
                ServiceSpec spec = new ServiceSpec(
                        "gateway-" + names.get(c) + "-" + j,
                        "gateway",
                        FreePorts.next(),
                        platform.heap(),
                        platform.env());
                stack.upExtraService(spec, configurations.get(c));
                String url = "http://127.0.0.1:" + spec.port();
                LakeClient client = configurations.get(c) == off
                        ? LakeClient.namingTenantInHeader(url)
                        : new LakeClient(url, stack.admin().tenantKeys());
                ways.add(new AlternatingTurns.Way(
                        spec.name(), c, bytes -> created(client, bytes), List.of(pidOf(stack, spec.name()))));
            }
        }
        AlternatingTurns.Measured measured =
                AlternatingTurns.measure(ways, originals, files, concurrency, warmup, rounds);
        double[] ms = new double[configurations.size()];
        for (int c = 0; c < ms.length; c++) {
            ms[c] = measured.msPerUpload(c);
        }
        // the reference's own JVMs, one against the other: the floor of what this comparison can tell apart
        int firstOpen = 2 * JVMS_PER_CONFIGURATION;
        double[] seconds = measured.seconds();
        long[] uploads = measured.uploads();
        double alike = (seconds[firstOpen + 1] / uploads[firstOpen + 1]) / (seconds[firstOpen] / uploads[firstOpen]);
        System.out.printf(
                "%n200 KB copies, gateway CPU per upload (%d uploads per configuration, %d JVMs each, alternating "
                        + "rounds): identity and rate limits %.2f ms, identity only %.2f ms, neither %.2f ms: %.3f x and "
                        + "%.3f x; the reference's two JVMs differ by %.3f x (%s)%n",
                measured.uploadsOf(0),
                JVMS_PER_CONFIGURATION,
                ms[0],
                ms[1],
                ms[2],
                ms[0] / ms[2],
                ms[1] / ms[2],
                alike,
                measured.perWay());
        ways.forEach(way -> stack.stop(way.name()));
        BenchResult.atMost("gateway-cpu-per-upload-identity-only-vs-off-200KB", ms[1] / ms[2], 1.05);
        return ms[0] / ms[2];
    }

    /** The platform's own spec of a service, which the benches' extra instances copy. */
    static ServiceSpec platformSpec(Stack stack, String name) {
        return stack.services().stream()
                .filter(spec -> spec.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    static long pidOf(Stack stack, String name) {
        return stack.recorded().stream()
                .filter(entry -> entry.name().equals(name))
                .findFirst()
                .orElseThrow()
                .pid();
    }

    private static final AtomicInteger CLIENTS = new AtomicInteger();
    /** Each client thread uploads as one of 16 tenants. */
    private static final ThreadLocal<String> TENANT =
            ThreadLocal.withInitial(() -> "bench-" + CLIENTS.getAndIncrement() % 16);

    /** One upload through the lake's API, which must answer 201. */
    static void created(LakeClient lake, byte[] bytes) {
        LakeClient.Answer answer = lake.upload(TENANT.get(), bytes, "bench.jpg", "image/jpeg", null, null);
        if (answer.status() != 201) {
            throw new IllegalStateException("upload answered " + answer.status() + ": " + answer.body());
        }
    }

    /**
     * A resumable upload as tus-js-client sends it by default through the gateway: a creation (POST), then the whole
     * file in one PATCH, whose answer carries the image's id.
     */
    static void resumable(LakeClient lake, byte[] bytes) {
        LakeClient.Answer created = lake.request(
                TENANT.get(),
                "POST",
                "/api/v1/tus",
                Map.of("Tus-Resumable", "1.0.0", "Upload-Length", Integer.toString(bytes.length)),
                null);
        if (created.status() != 201) {
            throw new IllegalStateException("tus creation answered " + created.status() + ": " + created.body());
        }
        LakeClient.Answer patched = lake.request(
                TENANT.get(),
                "PATCH",
                created.headers().firstValue("Location").orElseThrow(),
                Map.of(
                        "Tus-Resumable", "1.0.0",
                        "Upload-Offset", "0",
                        "Content-Type", "application/offset+octet-stream"),
                bytes);
        if (patched.status() != 204 || patched.headers().firstValue("Image-Id").isEmpty()) {
            throw new IllegalStateException("tus PATCH answered " + patched.status() + ": " + patched.body());
        }
    }

    private static final HttpClient STORE =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * A direct upload as an app does it: the file's SHA-256, a declaration through the gateway, the bytes PUT to the
     * presigned URL straight to the object store, the completion through the gateway.
     */
    static void directToStorage(LakeClient lake, byte[] bytes) throws Exception {
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        LakeClient.Answer opened = lake.postJson(
                TENANT.get(),
                "/api/v1/uploads",
                "{\"size\":" + bytes.length + ",\"sha256\":\"" + sha256 + "\",\"contentType\":\"image/jpeg\"}");
        if (opened.status() != 201) {
            throw new IllegalStateException("direct upload answered " + opened.status() + ": " + opened.body());
        }
        int put = STORE.send(
                        HttpRequest.newBuilder(
                                        URI.create(opened.json().get("url").asString()))
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (put != 200) {
            throw new IllegalStateException("the presigned PUT answered " + put);
        }
        LakeClient.Answer completed =
                lake.postJson(TENANT.get(), opened.json().get("completeUrl").asString(), "");
        if (completed.status() != 201) {
            throw new IllegalStateException("completion answered " + completed.status() + ": " + completed.body());
        }
    }

    /** CPU seconds (user + system) used so far by each process of the stack and by this JVM. */
    static Map<String, Double> cpuSeconds(Stack stack) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (var entry : stack.recorded()) {
            cpu.put(entry.name(), AlternatingTurns.cpuOf(entry.pid()));
        }
        cpu.put("bench", AlternatingTurns.cpuOf(ProcessHandle.current().pid()));
        return cpu;
    }

    /** CPU the gateway and the ingest-api instances used, over what the S3 server used, between two readings. */
    static double oursOverStore(Map<String, Double> before, Map<String, Double> after) {
        double ours = after.keySet().stream()
                .filter(name -> name.equals("gateway") || name.startsWith("ingest-api"))
                .mapToDouble(name -> used(before, after, name))
                .sum();
        return ours / used(before, after, "s3");
    }

    /** CPU seconds a process used between two readings (0 for one that appeared in between). */
    private static double used(Map<String, Double> before, Map<String, Double> after, String name) {
        double seconds = after.get(name);
        return seconds - before.getOrDefault(name, seconds);
    }

    static String delta(Map<String, Double> before, Map<String, Double> after) {
        StringBuilder out = new StringBuilder();
        after.keySet().forEach(name -> {
            double used = used(before, after, name);
            if (used >= 0.5) {
                out.append(String.format("%s %.1f  ", name, used));
            }
        });
        return out.toString();
    }

    @FunctionalInterface
    interface Upload {
        void send(byte[] bytes) throws Exception;
    }

    record Result(int count, long bytes, double seconds, double[] latenciesMs) {
        double perSecond() {
            return count / seconds;
        }

        double mbPerSecond() {
            return bytes / 1e6 / seconds;
        }

        double p50() {
            return percentile(0.50);
        }

        double p99() {
            return percentile(0.99);
        }

        private double percentile(double p) {
            double[] sorted = latenciesMs.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
        }
    }

    /** Every file {@code rounds} times, shared by {@code concurrency} clients, each request timed. */
    static Result run(Upload upload, List<byte[]> files, int concurrency, int rounds) throws Exception {
        int total = files.size() * rounds;
        double[] latencies = new double[total];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        List<Future<Long>> workers = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            workers.add(pool.submit(() -> {
                long bytes = 0;
                for (int i; (i = next.getAndIncrement()) < total; ) {
                    byte[] file = files.get(i % files.size());
                    long t0 = System.nanoTime();
                    upload.send(file);
                    latencies[i] = (System.nanoTime() - t0) / 1e6;
                    bytes += file.length;
                }
                return bytes;
            }));
        }
        long bytes = 0;
        for (Future<Long> worker : workers) {
            bytes += worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result(total, bytes, seconds, latencies);
    }

    static List<byte[]> load(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<byte[]> all = new ArrayList<>();
            for (Path f : files.sorted().toList()) {
                all.add(Files.readAllBytes(f));
            }
            if (all.isEmpty()) {
                throw new IllegalStateException("no corpus in " + dir + " (run bench/corpus.sh)");
            }
            return all;
        }
    }

    /** ~200 KB JPEG copies of every original (made once, cached beside the corpus). */
    private static List<byte[]> smallCopies(List<byte[]> originals, Path dir) throws IOException {
        if (Files.isDirectory(dir) && Files.list(dir).count() == originals.size()) {
            return load(dir);
        }
        Files.createDirectories(dir);
        List<byte[]> copies = new ArrayList<>();
        for (int i = 0; i < originals.size(); i++) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(originals.get(i)));
            byte[] copy = shrinkTo(image, SMALL_TARGET_BYTES);
            Files.write(dir.resolve("small-" + i + ".jpg"), copy);
            copies.add(copy);
        }
        return copies;
    }

    private static byte[] shrinkTo(BufferedImage image, int targetBytes) throws IOException {
        double scale = 1.0;
        byte[] jpeg = jpeg(image, 1.0);
        while (jpeg.length > targetBytes * 1.15 && scale > 0.05) {
            scale *= Math.sqrt((double) targetBytes / jpeg.length);
            jpeg = jpeg(image, scale);
        }
        return jpeg;
    }

    private static byte[] jpeg(BufferedImage image, double scale) throws IOException {
        int w = Math.max(1, (int) (image.getWidth() * scale));
        int h = Math.max(1, (int) (image.getHeight() * scale));
        BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.85f);
            writer.write(null, new IIOImage(scaled, null, null), param);
            out.flush();
            return bytes.toByteArray();
        } finally {
            writer.dispose();
        }
    }

    private static double mb(List<byte[]> files) {
        return files.stream().mapToLong(f -> f.length).sum() / 1e6;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}
