package io.imagelake.normalizer.reprocessing;

import io.imagelake.contracts.ImageIngested;
import io.imagelake.normalizer.NormalizerProperties;
import io.imagelake.normalizer.pipeline.NormalizationPipeline;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * Runs reprocessing jobs one after another on a thread of their own, beside the stream of new images. Each original
 * goes through the same {@link NormalizationPipeline} as a new one, so a job is idempotent: silver keys and event ids
 * depend on image and pipeline version only, and running part of a job twice rewrites the same objects and announces
 * nothing new; images the catalog already holds this version's verdict for are skipped unless the job is forced.
 *
 * <p>Jobs live in the object store ({@link ReprocessingJobStore}), not in one instance's memory: the gateway sends an
 * operator's {@code GET} to any instance, and instances come and go (KEDA scales them on the stream's lag, which a
 * reprocessing job does not add to). The instance that holds a job rewrites it every {@code heartbeat-interval} with
 * its progress and the page to resume from. An instance that stops releases its jobs, which the next heartbeat of any
 * instance (this one, restarted, too) takes over; one that dies stops its heartbeat, and its jobs are taken over once
 * a {@code lease} has passed. One instance takes each (a claim on the job's next generation) and resumes it at the
 * page it was in.
 */
@Service
public class ReprocessingJobs implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReprocessingJobs.class);

    private final CatalogOriginals catalog;
    private final NormalizationPipeline pipeline;
    private final NormalizerProperties normalizer;
    private final ReprocessingProperties properties;
    private final ReprocessingJobStore store;
    private final Clock clock;
    private final String instance;
    private final Counter processedImages;
    private final Counter failedImages;
    private final Counter skippedImages;
    private final Counter takenOver;
    private final Counter storeFailures;
    /** The jobs this instance holds: queued behind the running one, or running. */
    private final Map<String, Progress> held = new ConcurrentHashMap<>();

    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("reprocessing").daemon().factory());
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("reprocessing-heartbeat").daemon().factory());
    private volatile boolean running;

    public ReprocessingJobs(
            CatalogOriginals catalog,
            NormalizationPipeline pipeline,
            NormalizerProperties normalizer,
            ReprocessingProperties properties,
            ReprocessingJobStore store,
            MeterRegistry meters,
            Clock clock,
            @Value("${lake.instance-id:${spring.application.name:image-normalizer}}") String instance) {
        this.catalog = catalog;
        this.pipeline = pipeline;
        this.normalizer = normalizer;
        this.properties = properties;
        this.store = store;
        this.clock = clock;
        this.instance = instance;
        this.processedImages = meters.counter("lake.normalizer.reprocessing.images", "outcome", "processed");
        this.failedImages = meters.counter("lake.normalizer.reprocessing.images", "outcome", "failed");
        this.skippedImages = meters.counter("lake.normalizer.reprocessing.images", "outcome", "skipped");
        this.takenOver = meters.counter("lake.normalizer.reprocessing.takeovers");
        this.storeFailures = meters.counter("lake.normalizer.reprocessing.store.failures");
        meters.gauge("lake.normalizer.reprocessing.running", held, ReprocessingJobs::running);
    }

    /** Heartbeats begin once the application has started; the first after one interval, its buckets made by then. */
    @Override
    public void start() {
        long every = properties.heartbeatInterval().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Stopped among the first parts of the application (the highest phase), before the Kafka producers are reset and
     * while the object store is still there: the jobs are released at once, not half-run against closing clients.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    /** Queues a job for the tenant's originals received in [from, to) (either bound optional). */
    public ReprocessingJob start(String tenant, String from, String to, boolean force) {
        if (worker.isShutdown()) {
            throw new ReprocessingStoppingException();
        }
        Instant now = clock.instant();
        Progress job =
                new Progress(UUID.randomUUID().toString(), tenant, from, to, normalizer.pipelineVersion(), force, now);
        // a new id: the first claim is this instance's; a store that is away fails the request (503), nothing queued
        store.claim(job.id, job.generation);
        store.saveActive(job.stored(instance, now, false));
        held.put(job.id, job);
        try {
            worker.execute(() -> run(job));
        } catch (RejectedExecutionException e) {
            // stopped meanwhile: the job is saved, and another instance takes it once the lease has passed
            throw new ReprocessingStoppingException();
        }
        return job.stored(instance, now, false).job();
    }

    /** The job, from whichever instance holds it (this one's own progress when it is this one). */
    public Optional<ReprocessingJob> find(String id) {
        Instant now = clock.instant();
        Progress mine = held.get(id);
        return mine != null
                ? Optional.of(mine.stored(instance, now, false).job())
                : store.find(id).map(StoredJob::job);
    }

    /** Every instance's jobs, oldest first. */
    public List<ReprocessingJob> all() {
        Instant now = clock.instant();
        return store.all().stream()
                .map(job -> {
                    Progress mine = held.get(job.id());
                    return mine != null ? mine.stored(instance, now, false).job() : job.job();
                })
                .toList();
    }

    private static double running(Map<String, Progress> held) {
        return held.values().stream().filter(Progress::running).count();
    }

    private void run(Progress job) {
        if (!job.begin(clock.instant())) {
            return;
        }
        try {
            save(job);
        } catch (RuntimeException e) {
            // the store is away: the job runs on, and the next heartbeat saves it
            storeFailures.increment();
            log.warn("reprocessing job {} not saved as running: {}", job.id, e.toString());
        }
        try {
            String cursor = job.resumeCursor();
            do {
                CatalogOriginals.Page page = catalog.page(job.tenant, job.from, job.to, cursor);
                for (CatalogOriginals.Original image : page.originals()) {
                    if (job.stopped()) {
                        return;
                    }
                    reprocess(job, image);
                }
                cursor = page.nextCursor().orElse(null);
                job.pageDone(cursor);
            } while (cursor != null);
            job.end(ReprocessingJob.State.SUCCEEDED, null, clock.instant());
        } catch (RuntimeException e) {
            // the catalog could not list (down, or refused the request): what was done stays done
            log.warn("reprocessing job {} of {} stopped: {}", job.id, job.tenant, e.toString());
            job.end(ReprocessingJob.State.FAILED, e.getMessage(), clock.instant());
        }
        finish(job);
    }

    private void reprocess(Progress job, CatalogOriginals.Original image) {
        ImageIngested original = image.event();
        job.seen();
        if (!job.force && job.pipelineVersion.equals(image.pipelineVersion())) {
            // a repeated job (or one taken over) goes on where work is left
            job.skipped();
            skippedImages.increment();
            return;
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

    /** Each heartbeat: this instance's jobs rewritten, then any job nobody holds taken over. */
    void beat() {
        try {
            for (Progress job : List.copyOf(held.values())) {
                if (job.finished()) {
                    finish(job); // its first try met a store that was away
                } else {
                    save(job);
                }
            }
            takeOverAbandoned();
        } catch (RuntimeException e) {
            // the store is away: the jobs run on and are saved at the next heartbeat; a long absence lets another
            // instance take them over, which is safe
            storeFailures.increment();
            log.warn("reprocessing jobs not saved: {}", e.toString());
        }
    }

    private void takeOverAbandoned() {
        Instant now = clock.instant();
        for (StoredJob job : store.active()) {
            if (held.containsKey(job.id()) || !abandoned(job, now)) {
                continue;
            }
            if (store.isFinished(job.id())) {
                store.forgetActive(job.id()); // its holder stopped between the two writes of finishing it
                continue;
            }
            long generation = (job.holder() == null ? 0 : job.holder().generation()) + 1;
            if (!store.claim(job.id(), generation)) {
                continue; // another instance took it first
            }
            Progress taken = new Progress(job, generation);
            held.put(taken.id, taken);
            takenOver.increment();
            log.info(
                    "reprocessing job {} of {} taken over from {}, resuming after {} images",
                    job.id(),
                    job.job().tenant(),
                    job.holder().instance(),
                    job.resumeFrom().seen());
            save(taken);
            worker.execute(() -> run(taken));
        }
    }

    /** Released by an instance that stopped, or not heard of for a lease (its instance died or lost the store). */
    private boolean abandoned(StoredJob job, Instant now) {
        StoredJob.Holder holder = job.holder();
        return holder == null || holder.heartbeatAt().plus(properties.lease()).isBefore(now);
    }

    /** Writes the job as this instance holds it, unless another instance has claimed it since: then it stops here. */
    private void save(Progress job) {
        synchronized (job) {
            if (!job.stopped() && !lostToAnotherInstance(job)) {
                store.saveActive(job.stored(instance, clock.instant(), false));
            }
        }
    }

    /**
     * True, and the job stopped and no longer held here, if another instance has claimed its next generation: whatever
     * this instance did since is never written. Called holding the job's lock.
     */
    private boolean lostToAnotherInstance(Progress job) {
        if (!store.claimed(job.id, job.generation + 1)) {
            return false;
        }
        job.stop();
        held.remove(job.id);
        log.info("reprocessing job {} is held by another instance now; stopped here, nothing more recorded", job.id);
        return true;
    }

    private void finish(Progress job) {
        try {
            synchronized (job) {
                if (job.stopped() || lostToAnotherInstance(job)) {
                    return;
                }
                store.saveFinished(job.stored(instance, clock.instant(), false));
                job.stop();
            }
            store.forgetFinishedBeyond(properties.keepFinishedJobs());
        } catch (RuntimeException e) {
            // still held: the next heartbeat tries again; or the lease passes and another instance finishes it (its
            // last page read again)
            storeFailures.increment();
            log.warn("reprocessing job {} finished but not recorded: {}", job.id, e.toString());
        } finally {
            if (job.stopped()) {
                held.remove(job.id);
            }
        }
    }

    /**
     * On the way down: this instance's jobs are released (their heartbeat set to the epoch), so that another instance
     * (or this one, restarted) resumes them at its next heartbeat rather than after the lease.
     */
    @Override
    public void stop() {
        running = false;
        heartbeat.shutdownNow();
        for (Progress job : List.copyOf(held.values())) {
            synchronized (job) {
                if (job.stopped()) {
                    continue;
                }
                try {
                    // a job another instance took over meanwhile is that instance's: releasing it would hand it on
                    if (!lostToAnotherInstance(job)) {
                        job.stop();
                        store.saveActive(job.stored(instance, clock.instant(), true));
                    }
                } catch (RuntimeException e) {
                    job.stop();
                    log.warn("reprocessing job {} not released (taken over after the lease): {}", job.id, e.toString());
                }
            }
        }
        held.clear();
        worker.shutdownNow();
    }

    @Override
    public void destroy() {
        stop();
    }

    /** A job's mutable progress on this instance; stored as a {@link StoredJob}. */
    private static final class Progress {
        final String id;
        final String tenant;
        final String from;
        final String to;
        final String pipelineVersion;
        final boolean force;
        final Instant createdAt;
        final long generation;
        private ReprocessingJob.State state;
        private long seen;
        private long skipped;
        private long processed;
        private long failed;
        private Instant startedAt;
        private Instant finishedAt;
        private String error;
        private final List<ReprocessingJob.Failure> failures;
        private StoredJob.Checkpoint resumeFrom;
        private volatile boolean stopped;

        /** A new job: the first generation of its claims. */
        Progress(String id, String tenant, String from, String to, String version, boolean force, Instant createdAt) {
            this.id = id;
            this.tenant = tenant;
            this.from = from;
            this.to = to;
            this.pipelineVersion = version;
            this.force = force;
            this.createdAt = createdAt;
            this.generation = 1;
            this.state = ReprocessingJob.State.QUEUED;
            this.resumeFrom = StoredJob.Checkpoint.START;
            this.failures = new ArrayList<>();
        }

        /** The job as stored, restarted from its checkpoint under claim {@code generation}. */
        Progress(StoredJob stored, long generation) {
            ReprocessingJob job = stored.job();
            this.id = job.id();
            this.tenant = job.tenant();
            this.from = job.from();
            this.to = job.to();
            this.pipelineVersion = job.pipelineVersion();
            this.force = job.force();
            this.createdAt = stored.createdAt();
            this.generation = generation;
            this.state = ReprocessingJob.State.QUEUED;
            this.startedAt = job.startedAt();
            this.resumeFrom = stored.resumeFrom();
            this.seen = resumeFrom.seen();
            this.skipped = resumeFrom.skipped();
            this.processed = resumeFrom.processed();
            this.failed = resumeFrom.failed();
            this.failures = new ArrayList<>(job.failures().subList(0, resumeFrom.listedFailures()));
        }

        /** False if the job was stopped (released or lost) before it began. */
        synchronized boolean begin(Instant at) {
            if (stopped) {
                return false;
            }
            state = ReprocessingJob.State.RUNNING;
            if (startedAt == null) {
                startedAt = at;
            }
            return true;
        }

        synchronized String resumeCursor() {
            return resumeFrom.cursor();
        }

        synchronized void pageDone(String next) {
            resumeFrom = new StoredJob.Checkpoint(next, seen, skipped, processed, failed, failures.size());
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

        void stop() {
            stopped = true;
        }

        boolean stopped() {
            return stopped;
        }

        synchronized boolean finished() {
            return finishedAt != null;
        }

        synchronized boolean running() {
            return state == ReprocessingJob.State.RUNNING;
        }

        /** As of {@code now}, held by {@code instance}; {@code released}: on its way down, for the next to take. */
        synchronized StoredJob stored(String instance, Instant now, boolean released) {
            ReprocessingJob view = new ReprocessingJob(
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
            return new StoredJob(
                    view,
                    createdAt,
                    resumeFrom,
                    new StoredJob.Holder(instance, generation, released ? Instant.EPOCH : now));
        }
    }
}
