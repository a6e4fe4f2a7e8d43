package io.imagelake.normalizer.reprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.ObjectRef;
import io.imagelake.contracts.Source;
import io.imagelake.normalizer.NormalizerProperties;
import io.imagelake.normalizer.pipeline.NormalizationPipeline;
import io.imagelake.testing.PropertiesBinding;
import io.imagelake.testing.TestEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class ReprocessingJobsTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final CatalogOriginals catalog = mock(CatalogOriginals.class);
    private final NormalizationPipeline pipeline = mock(NormalizationPipeline.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ReprocessingJobs jobs = new ReprocessingJobs(
            catalog,
            pipeline,
            PropertiesBinding.bind(NormalizerProperties.class, Map.of("pipeline-version", "v2")),
            new ReprocessingProperties(URI.create("http://catalog"), Duration.ofSeconds(1), 2, 5, 10),
            meters,
            Clock.systemUTC());

    @Test
    void everyPageOfTheTenantsOriginalsGoesThroughThePipelineAndAFailureIsCountedNotFatal() throws Exception {
        ImageIngested a = original("a"), b = original("b"), c = original("c");
        when(catalog.page("acme", "2026-11-01", null, null))
                .thenReturn(page(Optional.of("next"), at("v1", a), at("v1", b)));
        when(catalog.page("acme", "2026-11-01", null, "next")).thenReturn(page(Optional.empty(), at(null, c)));
        doThrow(new IllegalStateException("S3 down")).when(pipeline).process(b);

        String id = jobs.start("acme", "2026-11-01", null, false).id();
        ReprocessingJob done = awaitFinished(id);

        assertThat(done.state()).isEqualTo(ReprocessingJob.State.SUCCEEDED);
        assertThat(done.pipelineVersion()).isEqualTo("v2");
        assertThat(done.seen()).isEqualTo(3);
        assertThat(done.processed()).isEqualTo(2);
        assertThat(done.failed()).isEqualTo(1);
        assertThat(done.failures()).singleElement().satisfies(f -> {
            assertThat(f.imageId()).isEqualTo("b");
            assertThat(f.reason()).contains("S3 down");
        });
        verify(pipeline, times(1)).process(a);
        verify(pipeline, times(1)).process(c);
        assertThat(meters.counter("lake.normalizer.reprocessing.images", "outcome", "processed")
                        .count())
                .isEqualTo(2);
        assertThat(meters.counter("lake.normalizer.reprocessing.images", "outcome", "failed")
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("lake.normalizer.reprocessing.running").gauge().value())
                .isZero();
    }

    @Test
    void imagesAlreadyCarryingThisVersionsVerdictAreSkippedUnlessTheJobIsForced() throws Exception {
        ImageIngested done = original("done"), stale = original("stale");
        when(catalog.page("acme", null, null, null))
                .thenReturn(page(Optional.empty(), at("v2", done), at("v1", stale)));

        ReprocessingJob job =
                awaitFinished(jobs.start("acme", null, null, false).id());
        ReprocessingJob forced =
                awaitFinished(jobs.start("acme", null, null, true).id());

        assertThat(job.skipped()).isEqualTo(1);
        assertThat(job.processed()).isEqualTo(1);
        assertThat(forced.skipped()).isZero();
        assertThat(forced.processed()).isEqualTo(2);
        verify(pipeline, times(1)).process(done);
        verify(pipeline, times(2)).process(stale);
    }

    @Test
    void aCatalogThatCannotListFailsTheJobWithItsReason() {
        when(catalog.page(eq("acme"), isNull(), isNull(), any()))
                .thenThrow(new IllegalStateException("catalog unavailable"));

        ReprocessingJob done =
                awaitFinished(jobs.start("acme", null, null, false).id());

        assertThat(done.state()).isEqualTo(ReprocessingJob.State.FAILED);
        assertThat(done.error()).isEqualTo("catalog unavailable");
    }

    @Test
    void anImageOfTheCatalogBecomesTheEventItWasIngestedWithAndAlwaysTheSameEvent() {
        var item = JSON.readTree("""
                {"imageId":"img-1","customerId":"acme","source":"STREAM","status":"PROMOTED",
                 "zones":{"bronze":{"key":"acme/2026/11/21/img-1","bytes":1234,"contentType":"image/png","sha256":"ab"}},
                 "caption":{"original":"Ảnh đẹp","normalized":"ảnh đẹp"},"tags":["beach"],
                 "createdAt":"2026-11-21T10:00:00Z"}""");

        ImageIngested original = CatalogOriginals.toIngested(item, "bronze");

        assertThat(original.imageId()).isEqualTo("img-1");
        assertThat(original.customerId()).isEqualTo("acme");
        assertThat(original.source()).isEqualTo(Source.STREAM);
        assertThat(original.bronze().bucket()).isEqualTo("bronze");
        assertThat(original.bronze().key()).isEqualTo("acme/2026/11/21/img-1");
        assertThat(original.bytes()).isEqualTo(1234);
        assertThat(original.sha256()).isEqualTo("ab");
        assertThat(original.format()).isEqualTo("png");
        assertThat(original.caption()).isEqualTo("Ảnh đẹp");
        assertThat(original.tags()).containsExactly("beach");
        assertThat(original.receivedAt()).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(CatalogOriginals.toIngested(item, "bronze").eventId()).isEqualTo(original.eventId());
    }

    private static CatalogOriginals.Page page(Optional<String> next, CatalogOriginals.Original... originals) {
        return new CatalogOriginals.Page(List.of(originals), next);
    }

    private static CatalogOriginals.Original at(String version, ImageIngested original) {
        return new CatalogOriginals.Original(original, version);
    }

    private ReprocessingJob awaitFinished(String id) {
        return await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> jobs.find(id).orElseThrow(),
                        j -> j.state() == ReprocessingJob.State.SUCCEEDED || j.state() == ReprocessingJob.State.FAILED);
    }

    private static ImageIngested original(String id) {
        Instant now = Instant.now();
        return TestEvents.ingested("acme", id)
                .eventId("e-" + id)
                .bronze(new ObjectRef("bronze", "k/" + id))
                .bytes(1)
                .sha256("00")
                .at(now)
                .build();
    }
}
