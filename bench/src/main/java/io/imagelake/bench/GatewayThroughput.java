package io.imagelake.bench;

import io.imagelake.contracts.ImageIds;
import io.imagelake.contracts.ObjectKeys;
import io.imagelake.contracts.ObjectRef;
import io.imagelake.devstack.Stack;
import io.imagelake.devstack.demo.LakeClient;
import io.imagelake.devstack.infra.KafkaSecurity;
import io.imagelake.devstack.process.Await;
import io.imagelake.testing.EventWriter;
import io.imagelake.testing.TestEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The read path through the gateway against the same requests straight to catalog-service, in one
 * run, on a stack of its own (Kafka, S3, the Mongo wire server, catalog-service and the gateway): small
 * GETs as trainers and apps send them (an image by id, a 404, a feed page), {@code --concurrency}
 * clients each, requests/s over {@code --seconds} per turn. The gateway's path authenticates an API
 * key, applies the rate limits (set high enough not to refuse) and relays; the direct path presents
 * an internal token. The two paths take turns, each first in turn, after a warm-up of each ({@code --warmup}
 * seconds), so drift on the shared cores falls on both alike.
 */
public final class GatewayThroughput {

    /** A request kind: its path (under the tenant's image) and the status that counts as answered. */
    private record Kind(String name, String path, int status) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = IngestThroughput.options(args);
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "16"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "5"));
        int turns = Integer.parseInt(options.getOrDefault("turns", "4"));
        // each path is warmed before its turns: a gateway and a catalog that serve apps and trainers have been running
        // for hours, and in a shorter warm-up (one turn) their compilers still took a quarter of their CPU
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "30"));

        Stack stack = BenchStacks.fresh("gateway-stack");
        try {
            stack.upInfrastructure(name -> name.equals("kafka") || name.equals("s3") || name.equals("mongo"));
            stack.upServices(
                    spec -> spec.name().equals("catalog-service") || spec.name().equals("gateway"),
                    // the clients must never meet the limits (still applied): the bench measures the relay, not
                    // refusals
                    Map.of(
                            "LAKE_GATEWAY_RATELIMIT_CREDENTIAL_REQUESTSPERSECOND", "1000000",
                            "LAKE_GATEWAY_RATELIMIT_CREDENTIAL_BURST", "1000000",
                            "LAKE_GATEWAY_RATELIMIT_TENANT_REQUESTSPERSECOND", "1000000",
                            "LAKE_GATEWAY_RATELIMIT_TENANT_BURST", "1000000"));
            String tenant = "bench-" + UUID.randomUUID().toString().substring(0, 8);
            String id = ImageIds.random();
            try (EventWriter writer = new EventWriter(
                    stack.endpoints().kafkaBootstrap(), stack.kafkaClientProperties(KafkaSecurity.ADMIN))) {
                writer.publish(TestEvents.ingested(tenant, id)
                        .bronze(new ObjectRef("bronze", ObjectKeys.bronze(tenant, Instant.now(), id)))
                        .caption("Ảnh chụp hoàng hôn trên biển")
                        .tags(List.of("beach"))
                        .build());
                writer.publish(TestEvents.normalized(tenant, id)
                        .silver(new ObjectRef("silver", ObjectKeys.silver(tenant, id, "v1")))
                        .build());
                writer.publish(TestEvents.promoted(tenant, id));
            }
            String catalog = "http://127.0.0.1:" + stack.ports().catalog();
            LakeClient direct = new LakeClient(catalog, stack.serviceCredentials());
            Await.healthy(
                    null,
                    Duration.ofSeconds(60),
                    () -> direct.get(tenant, "/api/v1/images/" + id).status() == 200);
            String key = stack.admin().tenantKeys().bearerFor(tenant);
            String token = stack.serviceCredentials().bearerFor(tenant);

            List<Kind> kinds = List.of(
                    new Kind("image by id", "/api/v1/images/" + id, 200),
                    new Kind("a 404", "/api/v1/images/" + ImageIds.random(), 404),
                    new Kind("a feed page (10)", "/api/v1/feed?zone=gold&limit=10", 200));
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newVirtualThreadPerTaskExecutor())
                    .build();
            long gatewayPid = IngestThroughput.pidOf(stack, "gateway");
            long catalogPid = IngestThroughput.pidOf(stack, "catalog-service");
            List<double[]> rates = new ArrayList<>();
            List<double[]> cpu = new ArrayList<>();
            for (Kind kind : kinds) {
                HttpRequest viaGateway = HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + kind.path()))
                        .header("Authorization", "Bearer " + key)
                        .build();
                HttpRequest straight = HttpRequest.newBuilder(URI.create(catalog + kind.path()))
                        .header("Authorization", "Bearer " + token)
                        .build();
                run(http, viaGateway, kind.status(), concurrency, warmup);
                run(http, straight, kind.status(), concurrency, warmup);
                double[] total = new double[2];
                // CPU seconds while each path ran: the gateway's and the catalog's through the gateway, the
                // catalog's straight
                double[] used = new double[3];
                for (int turn = 0; turn < turns; turn++) {
                    for (boolean gateway : turn % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                        double gatewayCpu = AlternatingTurns.cpuOf(gatewayPid);
                        double catalogCpu = AlternatingTurns.cpuOf(catalogPid);
                        double rate = run(http, gateway ? viaGateway : straight, kind.status(), concurrency, seconds);
                        total[gateway ? 0 : 1] += rate;
                        if (gateway) {
                            used[0] += AlternatingTurns.cpuOf(gatewayPid) - gatewayCpu;
                            used[1] += AlternatingTurns.cpuOf(catalogPid) - catalogCpu;
                        } else {
                            used[2] += AlternatingTurns.cpuOf(catalogPid) - catalogCpu;
                        }
                    }
                }
                rates.add(new double[] {total[0] / turns, total[1] / turns});
                double viaRequests = total[0] * seconds;
                double straightRequests = total[1] * seconds;
                cpu.add(new double[] {
                    1000 * used[0] / viaRequests, 1000 * used[1] / viaRequests, 1000 * used[2] / straightRequests
                });
            }

            System.out.println();
            System.out.printf("small GETs, %d clients, %d turns of %d s each way:%n", concurrency, turns, seconds);
            System.out.println("  request               through the gateway   straight to catalog-service   ratio");
            for (int i = 0; i < kinds.size(); i++) {
                double[] r = rates.get(i);
                System.out.printf(
                        "  %-20s  %10.0f req/s      %10.0f req/s               %.2f%n",
                        kinds.get(i).name(), r[0], r[1], r[0] / r[1]);
            }
            System.out.println("CPU per request (ms, /proc/<pid>/stat over the turns):");
            System.out.println(
                    "  request               the gateway   catalog-service through it   catalog-service straight");
            for (int i = 0; i < kinds.size(); i++) {
                double[] c = cpu.get(i);
                System.out.printf(
                        "  %-20s  %8.3f      %8.3f                     %8.3f%n",
                        kinds.get(i).name(), c[0], c[1], c[2]);
            }
            BenchResult.atLeast("gateway-vs-direct-image-by-id", rates.get(0)[0] / rates.get(0)[1], 0.8);
            BenchResult.atLeast("gateway-vs-direct-feed-page", rates.get(2)[0] / rates.get(2)[1], 0.8);
        } finally {
            stack.down();
        }
    }

    /** Requests/s answered with {@code status} by {@code clients} looping over {@code request} for {@code seconds}. */
    private static double run(HttpClient http, HttpRequest request, int status, int clients, int seconds)
            throws InterruptedException {
        AtomicLong answered = new AtomicLong();
        AtomicLong wrong = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    try {
                        int got = http.send(request, HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                        (got == status ? answered : wrong).incrementAndGet();
                    } catch (Exception e) {
                        wrong.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (wrong.get() > 0) {
            throw new IllegalStateException(wrong.get() + " answers to " + request.uri() + " were not " + status);
        }
        return answered.get() / (double) seconds;
    }
}
