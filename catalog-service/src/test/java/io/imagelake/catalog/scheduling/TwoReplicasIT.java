package io.imagelake.catalog.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.catalog.CatalogApplication;
import io.imagelake.catalog.integrity.IntegrityReconciler;
import io.imagelake.catalog.integrity.IntegrityReport;
import io.imagelake.catalog.retention.RetentionSweeper;
import io.imagelake.devstack.process.Await;
import io.imagelake.testing.InfraPart;
import io.imagelake.testing.LakeInfra;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two catalog-service replicas against the same Kafka, MongoDB and S3, as a Deployment with two pods runs them:
 * both schedule the retention sweep, and between them it runs once per interval.
 */
class TwoReplicasIT {

    private static final Duration INTERVAL = Duration.ofSeconds(2);

    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static long started;

    @BeforeAll
    static void twoReplicas() {
        LakeInfra.start(InfraPart.KAFKA, InfraPart.MONGO, InfraPart.S3);
        Map<String, Object> properties =
                new HashMap<>(LakeInfra.properties(InfraPart.KAFKA, InfraPart.MONGO, InfraPart.S3));
        properties.put("server.port", "0");
        properties.put("lake.catalog.retention.sweep-interval", INTERVAL.toString());
        // a database and a consumer group of their own: no other test's documents, locks or partitions
        String run = UUID.randomUUID().toString().substring(0, 8);
        properties.put("lake.catalog.database", "replicas_" + run);
        properties.put("spring.kafka.consumer.group-id", "replicas-" + run);
        started = System.nanoTime();
        first = replica(properties);
        second = replica(properties);
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext replica : new ConfigurableApplicationContext[] {first, second}) {
            if (replica != null) {
                replica.close();
            }
        }
    }

    @Test
    void twoReplicasSweepOncePerIntervalBetweenThem() {
        List<MeterRegistry> meters = List.of(first.getBean(MeterRegistry.class), second.getBean(MeterRegistry.class));
        // by construction: each replica attempts once per interval, the lock lets one run through per interval,
        // so both outcomes occur; waited for, not slept for
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (count(meters, "ran") < 4 || count(meters, "skipped") < 2) {
            assertThat(System.nanoTime())
                    .as("runs and skips of the sweep: %s", jobCounters(meters))
                    .isLessThan(deadline);
            Await.sleep(100);
        }
        double elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0;
        double ran = count(meters, "ran");
        // the lock spaces runs at least 0.9 intervals apart, whichever replica they are on; without it, each
        // replica would run every interval (twice the rate)
        assertThat(ran)
                .as("sweeps in %.1f s by two replicas with a %s interval", elapsed, INTERVAL)
                .isLessThanOrEqualTo(Math.floor(elapsed / (INTERVAL.toMillis() * 0.9 / 1000)) + 1);
        assertThat(count(meters, "lock_unavailable"))
                .as("the lock never failed to be taken or checked")
                .isZero();
    }

    @Test
    void everyReplicaReportsTheLastIntegrityCheckWhicheverReplicaRanIt() throws Exception {
        IntegrityReport made = first.getBean(IntegrityReconciler.class).check();

        assertThat(second.getBean(IntegrityReconciler.class).lastReport())
                .as("the other replica's report, not its own older one or none")
                .hasValueSatisfying(report -> assertThat(report.finishedAt()).isEqualTo(made.finishedAt()));
    }

    private static ConfigurableApplicationContext replica(Map<String, Object> properties) {
        // as arguments, as a pod's command line: above application.yml (default properties would be below it)
        return new SpringApplicationBuilder(CatalogApplication.class)
                .run(properties.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }

    private static List<String> jobCounters(List<MeterRegistry> meters) {
        return meters.stream()
                .flatMap(m -> m.find("lake.catalog.jobs").counters().stream())
                .map(c -> c.getId().getTags() + "=" + c.count())
                .toList();
    }

    private static double count(List<MeterRegistry> meters, String outcome) {
        return meters.stream()
                .mapToDouble(
                        m -> m
                                .find("lake.catalog.jobs")
                                .tags("job", RetentionSweeper.JOB, "outcome", outcome)
                                .counters()
                                .stream()
                                .mapToDouble(c -> c.count())
                                .sum())
                .sum();
    }
}
