package io.imagelake.normalizer.reprocessing;

import io.imagelake.contracts.ImageIngested;
import io.imagelake.normalizer.NormalizerProperties;
import io.imagelake.normalizer.pipeline.NormalizationPipeline;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * Runs reprocessing jobs one after another on a thread of their own, beside the stream of new
 * images. Each original goes through the same {@link NormalizationPipeline} as a new one, so a job
 * is idempotent: silver keys and event ids depend on image and pipeline version only, and running
 * a job twice (or after a crash, again) rewrites the same objects and announces nothing new; images
 * the catalog already holds this version's verdict for are skipped unless the job is forced.
 * Jobs live in memory: after a restart the operator starts the job again, which is safe and cheap.
 */
@Service
public class ReprocessingJobs implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReprocessingJobs.class);

    private final CatalogOriginals catalog;
    private final NormalizationPipeline pipeline;
    private final NormalizerProperties normalizer;
    private final ReprocessingProperties properties;
    private final Counter processedImages;
    private final Counter failedImages;
    private final Counter skippedImages;
    private final Map<String, Progress> jobs = Collections.synchronizedMap(new LinkedHashMap<>());
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("reprocessing").daemon().factory());
    private final Clock clock;

    public ReprocessingJobs(
            CatalogOriginals catalog,
            NormalizationPipeline pipeline,
            NormalizerProperties normalizer,
            ReprocessingProperties properties,
            MeterRegistry meters,
            Clock clock) {
        this.clock = clock;
        this.catalog = catalog;
        this.pipeline = pipeline;
        this.normalizer = normalizer;
        this.properties = properties;
        this.processedImages = meters.counter("lake.normalizer.reprocessing.images", "outcome", "processed");
        this.failedImages = meters.counter("lake.normalizer.reprocessing.images", "outcome", "failed");
        this.skippedImages = meters.counter("lake.normalizer.reprocessing.images", "outcome", "skipped");
        meters.gauge("lake.normalizer.reprocessing.running", jobs, ReprocessingJobs::running);
    }

    /** Queues a job for the tenant's originals received in [from, to) (either bound optional). */
    public ReprocessingJob start(String tenant, String from, String to, boolean force) {
        Progress job =
                new Progress(UUID.randomUUID().toString(), tenant, from, to, normalizer.pipelineVersion(), force);
        synchronized (jobs) {
            jobs.put(job.id, job);
            forgetOldFinishedJobs();
        }
        worker.execute(() -> run(job));
        return job.snapshot(clock.instant());
    }

    public Optional<ReprocessingJob> find(String id) {
        return Optional.ofNullable(jobs.get(id)).map(j -> j.snapshot(clock.instant()));
    }

    public List<ReprocessingJob> all() {
        synchronized (jobs) {
            return jobs.values().stream().map(j -> j.snapshot(clock.instant())).toList();
        }
    }

    private static double running(Map<String, Progress> jobs) {
        synchronized (jobs) {
            return jobs.values().stream().filter(Progress::running).count();
        }
    }

    private void run(Progress job) {
        job.begin(clock.instant());
        try {
            String cursor = null;
            do {
                CatalogOriginals.Page page = catalog.page(job.tenant, job.from, job.to, cursor);
                for (CatalogOriginals.Original image : page.originals()) {
                    ImageIngested original = image.event();
                    job.seen();
                    if (!job.force && job.pipelineVersion.equals(image.pipelineVersion())) {
                        // a repeated job (or one started again after a restart) goes on where work is left
                        job.skipped();
                        skippedImages.increment();
                        continue;
                    }
                    try {
                        pipeline.process(original);
                        job.processed();
                        processedImages.increment();
                    } catch (Exception e) {
                        job.failed(original.imageId(), e.toString(), properties.maxListedFailures());
                        failedImages.increment();
                    }
                }
                cursor = page.nextCursor().orElse(null);
            } while (cursor != null);
            job.end(ReprocessingJob.State.SUCCEEDED, null, clock.instant());
        } catch (RuntimeException e) {
            // the catalog could not list (down, or refused the request): what was done stays done
            log.warn("reprocessing job {} of {} stopped: {}", job.id, job.tenant, e.toString());
            job.end(ReprocessingJob.State.FAILED, e.getMessage(), clock.instant());
        }
    }

    private void forgetOldFinishedJobs() {
        List<String> finished =
                jobs.values().stream().filter(Progress::finished).map(j -> j.id).toList();
        for (int i = 0; i < finished.size() - properties.keepFinishedJobs(); i++) {
            jobs.remove(finished.get(i));
        }
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }

    /** A job's mutable progress; read as a {@link ReprocessingJob} snapshot. */
    private static final class Progress {
        final String id;
        final String tenant;
        final String from;
        final String to;
        final String pipelineVersion;
        final boolean force;
        private ReprocessingJob.State state = ReprocessingJob.State.QUEUED;
        private long seen;
        private long skipped;
        private long processed;
        private long failed;
        private Instant startedAt;
        private Instant finishedAt;
        private String error;
        private final List<ReprocessingJob.Failure> failures = new ArrayList<>();

        Progress(String id, String tenant, String from, String to, String pipelineVersion, boolean force) {
            this.force = force;
            this.id = id;
            this.tenant = tenant;
            this.from = from;
            this.to = to;
            this.pipelineVersion = pipelineVersion;
        }

        synchronized void begin(Instant at) {
            state = ReprocessingJob.State.RUNNING;
            startedAt = at;
        }

        synchronized void seen() {
            seen++;
        }

        synchronized void skipped() {
            skipped++;
        }

        synchronized void processed() {
            processed++;
        }

        synchronized void failed(String imageId, String reason, int maxListed) {
            failed++;
            if (failures.size() < maxListed) {
                failures.add(new ReprocessingJob.Failure(imageId, reason));
            }
        }

        synchronized void end(ReprocessingJob.State outcome, String message, Instant at) {
            state = outcome;
            error = message;
            finishedAt = at;
        }

        synchronized boolean running() {
            return state == ReprocessingJob.State.RUNNING;
        }

        synchronized boolean finished() {
            return finishedAt != null;
        }

        synchronized ReprocessingJob snapshot(Instant now) {
            return new ReprocessingJob(
                    id,
                    tenant,
                    from,
                    to,
                    pipelineVersion,
                    force,
                    state,
                    seen,
                    skipped,
                    processed,
                    failed,
                    ReprocessingJob.rate(processed, startedAt, finishedAt != null ? finishedAt : now),
                    startedAt,
                    finishedAt,
                    error,
                    List.copyOf(failures));
        }
    }
}
