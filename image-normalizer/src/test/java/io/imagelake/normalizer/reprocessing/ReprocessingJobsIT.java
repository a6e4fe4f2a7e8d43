package io.imagelake.normalizer.reprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.ObjectRef;
import io.imagelake.devstack.Endpoints;
import io.imagelake.normalizer.NormalizerProperties;
import io.imagelake.normalizer.pipeline.NormalizationPipeline;
import io.imagelake.support.storage.ConditionalWrites;
import io.imagelake.support.storage.StorageProperties;
import io.imagelake.support.storage.TransientRetry;
import io.imagelake.testing.InfraPart;
import io.imagelake.testing.LakeInfra;
import io.imagelake.testing.MutableClock;
import io.imagelake.testing.PropertiesBinding;
import io.imagelake.testing.TestEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reprocessing jobs of normalizer instances sharing a real S3 server (each test a bucket of its own). The catalog
 * and the pipeline are stand-ins at their boundaries. Heartbeats are this test's calls ({@code beat()}: the instances'
 * lifecycle is never started) and time is a clock the test moves, so a takeover happens exactly when a step says.
 */
class ReprocessingJobsIT {

    private static final Duration LEASE = Duration.ofSeconds(30);

    private final Endpoints endpoints = LakeInfra.start(InfraPart.S3);
    private final MinioClient s3 = endpoints.s3Client();
    private final String bucket = "jobs-" + UUID.randomUUID().toString().substring(0, 8);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
    private final List<ReprocessingJobs> instances = new ArrayList<>();

    @AfterEach
    void stopInstances() {
        instances.forEach(ReprocessingJobs::destroy);
    }

    @Test
    void everyPageOfTheTenantsOriginalsGoesThroughThePipelineAndAFailureIsCountedNotFatal() throws Exception {
        Instance a = instance("a", 5);
        ImageIngested one = original("one"), two = original("two"), three = original("three");
        when(a.catalog.page("acme", "2026-11-01", null, null))
                .thenReturn(page(Optional.of("next"), at("v1", one), at("v1", two)));
        when(a.catalog.page("acme", "2026-11-01", null, "next")).thenReturn(page(Optional.empty(), at(null, three)));
        doThrow(new IllegalStateException("S3 down")).when(a.pipeline).process(two);

        String id = a.jobs.start("acme", "2026-11-01", null, false).id();
        ReprocessingJob done = awaitFinished(a.jobs, id);

        assertThat(done.state()).isEqualTo(ReprocessingJob.State.SUCCEEDED);
        assertThat(done.pipelineVersion()).isEqualTo("v2");
        assertThat(done.seen()).isEqualTo(3);
        assertThat(done.processed()).isEqualTo(2);
        assertThat(done.failed()).isEqualTo(1);
        assertThat(done.failures()).singleElement().satisfies(f -> {
            assertThat(f.imageId()).isEqualTo("two");
            assertThat(f.reason()).contains("S3 down");
        });
        verify(a.pipeline, times(1)).process(one);
        verify(a.pipeline, times(1)).process(three);
        assertThat(a.meters
                        .counter("lake.normalizer.reprocessing.images", "outcome", "processed")
                        .count())
                .isEqualTo(2);
        assertThat(a.meters
                        .counter("lake.normalizer.reprocessing.images", "outcome", "failed")
                        .count())
                .isEqualTo(1);
        assertThat(a.meters.get("lake.normalizer.reprocessing.running").gauge().value())
                .isZero();
    }

    @Test
    void imagesAlreadyCarryingThisVersionsVerdictAreSkippedUnlessTheJobIsForced() throws Exception {
        Instance a = instance("a", 5);
        ImageIngested done = original("done"), stale = original("stale");
        when(a.catalog.page("acme", null, null, null))
                .thenReturn(page(Optional.empty(), at("v2", done), at("v1", stale)));

        ReprocessingJob job =
                awaitFinished(a.jobs, a.jobs.start("acme", null, null, false).id());
        ReprocessingJob forced =
                awaitFinished(a.jobs, a.jobs.start("acme", null, null, true).id());

        assertThat(job.skipped()).isEqualTo(1);
        assertThat(job.processed()).isEqualTo(1);
        assertThat(forced.skipped()).isZero();
        assertThat(forced.processed()).isEqualTo(2);
        verify(a.pipeline, times(1)).process(done);
        verify(a.pipeline, times(2)).process(stale);
    }

    @Test
    void aCatalogThatCannotListFailsTheJobWithItsReason() {
        Instance a = instance("a", 5);
        when(a.catalog.page(eq("acme"), isNull(), isNull(), any()))
                .thenThrow(new IllegalStateException("catalog unavailable"));

        ReprocessingJob done =
                awaitFinished(a.jobs, a.jobs.start("acme", null, null, false).id());

        assertThat(done.state()).isEqualTo(ReprocessingJob.State.FAILED);
        assertThat(done.error()).isEqualTo("catalog unavailable");
    }

    @Test
    void anyInstanceReportsAJobAnotherRuns() throws Exception {
        Instance a = instance("a", 5);
        Instance b = instance("b", 5);
        CountDownLatch release = new CountDownLatch(1);
        ImageIngested slow = original("slow");
        when(a.catalog.page("acme", null, null, null)).thenReturn(page(Optional.empty(), at(null, slow)));
        doAnswer(call -> {
                    release.await();
                    return null;
                })
                .when(a.pipeline)
                .process(slow);

        String id = a.jobs.start("acme", null, null, false).id();

        await().until(() -> b.jobs.find(id).map(ReprocessingJob::state), s -> s.isPresent());
        assertThat(b.jobs.all()).extracting(ReprocessingJob::id).containsExactly(id);
        release.countDown();
        assertThat(awaitFinished(b.jobs, id)).satisfies(job -> {
            assertThat(job.state()).isEqualTo(ReprocessingJob.State.SUCCEEDED);
            assertThat(job.processed()).isEqualTo(1);
        });
        assertThat(b.jobs.find("no-such-job")).isEmpty();
        assertThat(b.jobs.find("../active/" + id)).as("an id is never a path").isEmpty();
    }

    @Test
    void aJobWhoseInstanceStopsHeartbeatingIsTakenOverAfterTheLeaseAtThePageItWasIn() throws Exception {
        Instance a = instance("a", 5);
        Instance b = instance("b", 5);
        ImageIngested a1 = original("a1"), a2 = original("a2"), b1 = original("b1"), b2 = original("b2");
        for (Instance instance : List.of(a, b)) {
            when(instance.catalog.page("acme", null, null, null))
                    .thenReturn(page(Optional.of("p2"), at("v1", a1), at("v1", a2)));
            when(instance.catalog.page("acme", null, null, "p2"))
                    .thenReturn(page(Optional.empty(), at("v1", b1), at("v1", b2)));
        }
        CountDownLatch hung = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        doAnswer(call -> {
                    hung.countDown();
                    release.await();
                    return null;
                })
                .when(a.pipeline)
                .process(b1);

        String id = a.jobs.start("acme", null, null, false).id();
        hung.await();
        a.jobs.beat(); // its last heartbeat: page 1 done, in page 2
        b.jobs.beat();
        assertThat(b.meters.counter("lake.normalizer.reprocessing.takeovers").count())
                .as("a live holder keeps its job")
                .isZero();

        clock.advance(LEASE.plusSeconds(1));
        b.jobs.beat();

        ReprocessingJob done = awaitFinished(b.jobs, id);
        assertThat(done.state()).isEqualTo(ReprocessingJob.State.SUCCEEDED);
        assertThat(done.seen()).as("page 1 counted once").isEqualTo(4);
        assertThat(done.processed()).isEqualTo(4);
        assertThat(b.meters.counter("lake.normalizer.reprocessing.takeovers").count())
                .isEqualTo(1);
        verify(b.catalog, never()).page("acme", null, null, null);
        verify(b.pipeline, never()).process(a1);
        verify(b.pipeline).process(b1);
        verify(b.pipeline).process(b2);

        // the hung instance wakes up: it has lost the job, so whatever it does next is never written
        release.countDown();
        a.jobs.beat();
        StoredJob recorded = await().until(() -> b.store.find(id).orElseThrow(), StoredJob::finished);
        assertThat(recorded.holder().instance()).isEqualTo("b");
        assertThat(recorded.holder().generation()).isEqualTo(2);
        assertThat(recorded.job().seen()).isEqualTo(4);
        await().until(() ->
                a.meters.get("lake.normalizer.reprocessing.running").gauge().value() == 0);
        assertThat(b.store.find(id)).contains(recorded);
    }

    @Test
    void anInstanceThatStopsReleasesItsJobAndTheNextHeartbeatAnywhereResumesIt() throws Exception {
        Instance a = instance("a", 5);
        Instance b = instance("b", 5);
        ImageIngested a1 = original("a1"), b1 = original("b1");
        for (Instance instance : List.of(a, b)) {
            when(instance.catalog.page("acme", null, null, null)).thenReturn(page(Optional.of("p2"), at(null, a1)));
            when(instance.catalog.page("acme", null, null, "p2")).thenReturn(page(Optional.empty(), at(null, b1)));
        }
        CountDownLatch hung = hangsUntilShutdownIn(a, b1);

        String id = a.jobs.start("acme", null, null, true).id();
        hung.await();
        a.jobs.beat();
        a.jobs.destroy();
        b.jobs.beat(); // no lease to wait for: the job was released

        ReprocessingJob done = awaitFinished(b.jobs, id);
        assertThat(done.state()).isEqualTo(ReprocessingJob.State.SUCCEEDED);
        assertThat(done.seen()).isEqualTo(2);
        assertThat(done.processed()).isEqualTo(2);
        assertThat(done.failed()).as("the interrupted image is not a failure").isZero();
        verify(b.pipeline, never()).process(a1);
        verify(b.pipeline).process(b1);
    }

    @Test
    void anInstanceThatStopsDoesNotReleaseAJobAnotherInstanceTookOver() throws Exception {
        Instance a = instance("a", 5);
        Instance b = instance("b", 5);
        ImageIngested a1 = original("a1"), b1 = original("b1");
        for (Instance instance : List.of(a, b)) {
            when(instance.catalog.page("acme", null, null, null)).thenReturn(page(Optional.of("p2"), at(null, a1)));
            when(instance.catalog.page("acme", null, null, "p2")).thenReturn(page(Optional.empty(), at(null, b1)));
        }
        CountDownLatch aHung = hangsUntilShutdownIn(a, b1);
        CountDownLatch bHung = hangsUntilShutdownIn(b, b1);
        String id = a.jobs.start("acme", null, null, true).id();
        aHung.await();
        a.jobs.beat();
        clock.advance(LEASE.plusSeconds(1));
        b.jobs.beat(); // a hangs past its lease: b takes the job over, and hangs in the same image
        bHung.await();

        a.jobs.destroy();

        StoredJob recorded = a.store.find(id).orElseThrow();
        assertThat(recorded.holder().instance())
                .as("still b's, not released by a")
                .isEqualTo("b");
        assertThat(recorded.holder().generation()).isEqualTo(2);
        assertThat(recorded.holder().heartbeatAt()).isEqualTo(clock.instant());
    }

    @Test
    void anInstanceOnItsWayDownTakesNoNewJob() {
        Instance a = instance("a", 5);

        a.jobs.stop();

        assertThatThrownBy(() -> a.jobs.start("acme", null, null, false))
                .isInstanceOf(ReprocessingStoppingException.class);
        assertThat(a.jobs.all()).isEmpty();
    }

    @Test
    void finishedJobsBeyondTheKeptNumberAreForgottenOldestFirst() {
        Instance a = instance("a", 2);
        when(a.catalog.page(eq("acme"), isNull(), isNull(), isNull())).thenReturn(page(Optional.empty()));

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(awaitFinished(
                            a.jobs, a.jobs.start("acme", null, null, false).id())
                    .id());
            clock.advance(Duration.ofSeconds(1));
        }

        await().untilAsserted(() ->
                assertThat(a.jobs.all()).extracting(ReprocessingJob::id).containsExactly(ids.get(1), ids.get(2)));
        assertThat(a.jobs.find(ids.getFirst())).isEmpty();
    }

    /** One normalizer instance: its own catalog and pipeline stand-ins and meters, the shared store. */
    private record Instance(
            ReprocessingJobs jobs,
            ReprocessingJobStore store,
            CatalogOriginals catalog,
            NormalizationPipeline pipeline,
            SimpleMeterRegistry meters) {}

    private Instance instance(String name, int keepFinished) {
        try {
            if (instances.isEmpty()) {
                s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        StorageProperties storage = new StorageProperties(
                URI.create(endpoints.s3Endpoint()),
                endpoints.s3AccessKey(),
                endpoints.s3SecretKey(),
                "us-east-1",
                new StorageProperties.Buckets("bronze", bucket, "gold"),
                Duration.ofSeconds(5),
                Duration.ofSeconds(60),
                new StorageProperties.Retry(3, Duration.ofMillis(50), 3),
                true,
                endpoints.s3AtomicConditionalWrites());
        ReprocessingJobStore store = new ReprocessingJobStore(
                new ConditionalWrites(s3, new TransientRetry(storage.retry()), storage.atomicConditionalWrites()),
                storage,
                JsonMapper.builder().build());
        CatalogOriginals catalog = mock(CatalogOriginals.class);
        NormalizationPipeline pipeline = mock(NormalizationPipeline.class);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ReprocessingJobs jobs = new ReprocessingJobs(
                catalog,
                pipeline,
                PropertiesBinding.bind(NormalizerProperties.class, Map.of("pipeline-version", "v2")),
                new ReprocessingProperties(
                        URI.create("http://catalog"),
                        Duration.ofSeconds(1),
                        2,
                        keepFinished,
                        10,
                        Duration.ofHours(1),
                        LEASE),
                store,
                meters,
                clock,
                name);
        instances.add(jobs);
        return new Instance(jobs, store, catalog, pipeline, meters);
    }

    /** The instance's pipeline blocks in {@code image} until its shutdown interrupts it; the latch opens on entry. */
    private static CountDownLatch hangsUntilShutdownIn(Instance instance, ImageIngested image) throws Exception {
        CountDownLatch inImage = new CountDownLatch(1);
        doAnswer(call -> {
                    inImage.countDown();
                    new CountDownLatch(1).await();
                    return null;
                })
                .when(instance.pipeline)
                .process(image);
        return inImage;
    }

    private static CatalogOriginals.Page page(Optional<String> next, CatalogOriginals.Original... originals) {
        return new CatalogOriginals.Page(List.of(originals), next);
    }

    private static CatalogOriginals.Original at(String version, ImageIngested original) {
        return new CatalogOriginals.Original(original, version);
    }

    private static ReprocessingJob awaitFinished(ReprocessingJobs jobs, String id) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> jobs.find(id).orElseThrow(),
                        j -> j.state() == ReprocessingJob.State.SUCCEEDED || j.state() == ReprocessingJob.State.FAILED);
    }

    private static ImageIngested original(String id) {
        return TestEvents.ingested("acme", id)
                .eventId("e-" + id)
                .bronze(new ObjectRef("bronze", "k/" + id))
                .bytes(1)
                .sha256("00")
                .at(Instant.parse("2026-12-01T00:00:00Z"))
                .build();
    }
}
