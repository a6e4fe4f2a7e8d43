package io.imagelake.bench;

import io.imagelake.devstack.Stack;
import io.imagelake.devstack.demo.LakeClient;
import io.imagelake.devstack.process.Await;
import io.imagelake.devstack.process.FreePorts;
import io.imagelake.devstack.services.ServiceSpec;
import io.imagelake.testing.PrometheusSamples;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;

/**
 * Scale-out of image-normalizer on one machine: 1, 2 and 3 instances in one consumer group drain the same kind of
 * backlog (the corpus' originals, a fresh tenant per round so no image is a duplicate of an earlier one), on the
 * same 2 cores as everything else. The instances join the group and are frozen (SIGSTOP) while the backlog is
 * uploaded, then thawed at once: the time from the thaw to the last image processed is theirs alone (each
 * configuration first drains a warm-up backlog, for the JIT). What this shows is the curve's shape within the
 * cores (does a second instance cost more than it brings?), not a speed-up: more instances than cores only share
 * them. One instance is the reference, measured in the same run.
 */
public final class NormalizerScaleOut {

    private static final String GROUP = "image-normalizer";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = IngestThroughput.options(args);
        List<byte[]> originals = IngestThroughput.load(
                Path.of(options.getOrDefault("corpus", "bench/.corpus")).resolve("originals"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "2"));
        int most = Integer.parseInt(options.getOrDefault("instances", "3"));
        System.out.printf("backlog per measurement: %d originals x %d rounds%n", originals.size(), rounds);

        Stack stack = BenchStacks.fresh("scaleout");
        try {
            stack.upInfrastructure(name -> !name.equals("trino"));
            // the gateway serves the JWKS ingest-api and the normalizers verify internal tokens with
            stack.upServices(
                    spec -> spec.name().equals("ingest-api-1") || spec.name().equals("gateway"));
            LakeClient ingest =
                    new LakeClient("http://127.0.0.1:" + stack.ports().ingest1(), stack.serviceCredentials());
            ServiceSpec platform = IngestThroughput.platformSpec(stack, "image-normalizer");
            Map<Integer, Double> rates = new HashMap<>();
            System.out.printf("%n%-10s %9s %10s %10s%n", "instances", "images", "seconds", "images/s");
            for (int n = 1; n <= most; n++) {
                List<ServiceSpec> instances = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    ServiceSpec spec = new ServiceSpec(
                            "image-normalizer-" + n + "-" + i,
                            platform.module(),
                            FreePorts.next(),
                            platform.heap(),
                            platform.env());
                    stack.upExtraService(spec, Map.of());
                    instances.add(spec);
                }
                awaitMembers(stack, n);
                // warm-up: each instance's JIT on a backlog of its own before the measured one
                double warm = processed(instances);
                awaitProcessed(instances, warm, uploadBacklog(ingest, originals, 1, "warmup-" + n));
                double before = processed(instances);
                instances.forEach(spec -> stack.freeze(spec.name(), true));
                int backlog;
                try {
                    backlog = uploadBacklog(ingest, originals, rounds, "scaleout-" + n);
                } finally {
                    instances.forEach(spec -> stack.freeze(spec.name(), false));
                }
                long t0 = System.nanoTime();
                awaitProcessed(instances, before, backlog);
                double seconds = (System.nanoTime() - t0) / 1e9;
                rates.put(n, backlog / seconds);
                System.out.printf(Locale.ROOT, "%-10d %9d %10.1f %10.2f%n", n, backlog, seconds, backlog / seconds);
                instances.forEach(spec -> stack.stop(spec.name()));
            }
            // within 2 cores: a second and third instance may bring little, but must not cost the lake its rate
            for (int n = 2; n <= most; n++) {
                BenchResult.atLeast("normalizer-scaleout-" + n + "-vs-1-instances", rates.get(n) / rates.get(1), 0.85);
            }
        } finally {
            stack.down();
        }
    }

    /** Uploads the backlog with 4 clients and returns its size; every upload must be acknowledged. */
    private static int uploadBacklog(LakeClient ingest, List<byte[]> originals, int rounds, String tenant)
            throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> uploads = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                String owner = tenant + "-" + r;
                for (byte[] image : originals) {
                    uploads.add(clients.submit(() -> {
                        LakeClient.Answer answer = ingest.upload(owner, image, "scale.jpg", "image/jpeg", null, null);
                        if (answer.status() != 201) {
                            throw new IllegalStateException("upload answered " + answer.status());
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> upload : uploads) {
                upload.get();
            }
            return uploads.size();
        } finally {
            clients.shutdown();
        }
    }

    /** Until the instances have finished {@code count} images more than {@code before}. */
    private static void awaitProcessed(List<ServiceSpec> instances, double before, int count) {
        while (processed(instances) - before < count) {
            Await.sleep(100);
        }
    }

    /** Images the instances have finished, whatever the verdict. */
    private static double processed(List<ServiceSpec> instances) {
        double total = 0;
        for (ServiceSpec spec : instances) {
            total += PrometheusSamples.parse(new LakeClient(spec.baseUrl())
                            .get(null, "/actuator/prometheus")
                            .body())
                    .sum("lake_normalizer_images_total");
        }
        return total;
    }

    /**
     * Every instance's consumers in the group (lake.normalizer.concurrency, 2 each) and the group stable, so the
     * thaw starts all of them on the backlog. With 3 partitions, which consumers get one is the assignor's choice,
     * as in a deployment.
     */
    private static void awaitMembers(Stack stack, int n) throws Exception {
        try (Admin kafka = Admin.create(BenchStacks.adminKafkaClient(stack))) {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (true) {
                ConsumerGroupDescription group =
                        kafka.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
                if (group.members().size() == 2 * n && group.groupState() == GroupState.STABLE) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("group " + GROUP + " did not settle with " + n + " instances: "
                            + group.members().size() + " members, " + group.groupState());
                }
                Await.sleep(500);
            }
        }
    }
}
