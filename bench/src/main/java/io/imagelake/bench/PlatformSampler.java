package io.imagelake.bench;

import io.imagelake.devstack.Stack;
import io.imagelake.devstack.process.ManagedProcess;
import io.imagelake.devstack.process.RunRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Once a second, what the platform's processes are doing: CPU seconds used so far per process, the records each
 * consumer group has yet to read (where a backlog waits is the stage that cannot keep up), and the resident memory of
 * all of the stack's processes together.
 */
final class PlatformSampler implements AutoCloseable {

    /** The consumer groups on an upload's way to silver and into the catalog. */
    static final List<String> GROUPS = List.of("image-normalizer", "catalog-service");

    record Sample(Instant at, Map<String, Double> cpuSeconds, Map<String, Long> lag, long rssMiB) {}

    private final Stack stack;
    private final Admin kafka;
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    PlatformSampler(Stack stack) {
        this.stack = stack;
        this.kafka = Admin.create(BenchStacks.adminKafkaClient(stack));
        timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        try {
            Map<String, Long> lag = new LinkedHashMap<>();
            for (String group : GROUPS) {
                lag.put(group, lagOf(group));
            }
            long rss = 0;
            for (RunRegistry.Entry entry : stack.recorded()) {
                rss += Math.max(0, ManagedProcess.rssMiB(entry.pid()));
            }
            Sample sample = new Sample(Instant.now(), IngestThroughput.cpuSeconds(stack), lag, rss);
            synchronized (samples) {
                samples.add(sample);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            System.out.println("  (a sample failed: " + e.getCause() + ")");
        }
    }

    /** Records of the group's topics not yet committed by the group. */
    private long lagOf(String group) throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                kafka.listOffsets(latest).all().get();
        long lag = 0;
        for (var entry : committed.entrySet()) {
            long committedOffset =
                    entry.getValue() == null ? 0 : entry.getValue().offset();
            lag += Math.max(0, ends.get(entry.getKey()).offset() - committedOffset);
        }
        return lag;
    }

    /** The samples taken from {@code from} to {@code to}. */
    List<Sample> between(Instant from, Instant to) {
        synchronized (samples) {
            return samples.stream()
                    .filter(s -> !s.at().isBefore(from) && !s.at().isAfter(to))
                    .toList();
        }
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        kafka.close();
    }
}
