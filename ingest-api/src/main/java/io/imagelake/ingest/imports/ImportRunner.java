package io.imagelake.ingest.imports;

import io.micrometer.core.instrument.MeterRegistry;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Runs import jobs, one at a time per instance: a queued job, or a running one whose owner stopped
 * writing its heartbeat (that instance died or was restarted). A job resumes after its checkpoint
 * (the last file done, in listing or zip order); files between the checkpoint and a crash are
 * processed again, which {@link ImportFileProcessor} makes harmless.
 */
@Component
public class ImportRunner implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);

    private final ImportJobStore jobs;
    private final ImportFileProcessor processor;
    private final ImportProperties properties;
    private final MinioClient client;
    private final MeterRegistry meters;
    private final String owner;
    private final Clock clock;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("import-", 0).factory());

    public ImportRunner(
            ImportJobStore jobs,
            ImportFileProcessor processor,
            ImportProperties properties,
            MinioClient client,
            MeterRegistry meters,
            @Value("${lake.instance-id:}") String instanceId,
            Clock clock) {
        this.clock = clock;
        this.jobs = jobs;
        this.processor = processor;
        this.properties = properties;
        this.client = client;
        this.meters = meters;
        this.owner = (instanceId.isBlank() ? "ingest" : instanceId) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        meters.gauge("lake.ingest.import.running", busy, b -> b.get() ? 1 : 0);
    }

    /** Scheduled from the properties record, where the interval's default is written once. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::poll, properties.pollInterval(), Duration.ZERO));
    }

    public void poll() {
        if (busy.get()) {
            return;
        }
        try {
            Instant now = clock.instant();
            for (ImportJob job : jobs.unfinished()) {
                boolean queued = job.state() == ImportJob.State.QUEUED;
                boolean orphaned = job.state() == ImportJob.State.RUNNING
                        && (owner.equals(job.owner())
                                || job.heartbeatAt()
                                        .plus(properties.heartbeatTimeout())
                                        .isBefore(now));
                if ((queued || orphaned) && busy.compareAndSet(false, true)) {
                    worker.submit(() -> runGuarded(job));
                    return;
                }
            }
        } catch (Exception e) {
            log.warn("cannot look for import jobs (will retry): {}", e.toString());
        }
    }

    private void runGuarded(ImportJob job) {
        try {
            run(job);
        } catch (Exception e) {
            // transient (storage or Kafka down): the job stays RUNNING and is resumed from its checkpoint
            log.warn("import {} interrupted, will resume: {}", job.jobId(), e.toString());
        } finally {
            busy.set(false);
        }
    }

    /** Claims and runs a job to its end (visible for tests). */
    public void run(ImportJob queuedOrOrphaned) throws Exception {
        ImportJob job = queuedOrOrphaned.claimedBy(owner, clock.instant());
        jobs.save(job);
        log.info(
                "import {} of {} ({} {}/{}) from checkpoint {}",
                job.jobId(),
                job.customerId(),
                job.kind(),
                job.bucket(),
                job.prefix(),
                job.checkpoint());
        try {
            job = switch (job.kind()) {
                case S3 -> runS3(job);
                case ZIP -> runZip(job);
            };
            jobs.save(job.finished(ImportJob.State.SUCCEEDED, null, clock.instant()));
        } catch (InvalidZipException e) {
            jobs.save(job.finished(ImportJob.State.FAILED, e.getMessage(), clock.instant()));
        }
        if (job.kind() == ImportJob.Kind.ZIP) {
            // the uploaded zip is a copy of images: it goes once its job has ended, either way
            jobs.deleteZip(job.customerId(), job.jobId());
        }
    }

    private ImportJob runS3(ImportJob job) throws Exception {
        JobSaves saves = saves();
        if (job.filesTotal() == null) {
            long total = 0;
            for (Result<Item> ignored : list(job, null)) {
                total++;
                if (saves.heartbeatDue()) {
                    job = save(job.heartbeat(clock.instant()), saves);
                }
            }
            job = job.withTotal(total);
        }
        for (Result<Item> result : list(job, job.checkpoint())) {
            Item item = result.get();
            byte[] bytes = item.size() > processor.maxFileBytes() ? null : read(job.bucket(), item.objectName());
            job = record(job, item.objectName(), processor.process(job, item.objectName(), item.objectName(), bytes));
            if (saves.fileDone()) {
                job = save(job, saves);
            }
        }
        return job;
    }

    private JobSaves saves() {
        return new JobSaves(properties.checkpointEveryFiles(), properties.heartbeatTimeout(), clock);
    }

    private ImportJob save(ImportJob job, JobSaves saves) {
        jobs.save(job);
        saves.saved();
        return job;
    }

    /** A zip's entries one by one from its checkpoint ({@link ZipEntries}: the zip's damage is never an outage). */
    private ImportJob runZip(ImportJob job) throws Exception {
        long done = job.checkpoint() == null ? -1 : Long.parseLong(job.checkpoint());
        JobSaves saves = saves();
        Path local = Files.createTempFile("lake-import-", ".zip");
        try {
            try (InputStream stored = jobs.openZip(job.customerId(), job.jobId())) {
                Files.copy(stored, local, StandardCopyOption.REPLACE_EXISTING);
            }
            try (ZipEntries zip = ZipEntries.open(local, properties.maxZipEntries())) {
                List<ZipArchiveEntry> entries = zip.entries();
                if (job.filesTotal() == null) {
                    job = job.withTotal(entries.stream()
                            .filter(entry -> !entry.isDirectory())
                            .count());
                }
                for (int index = 0; index < entries.size(); index++) {
                    ZipArchiveEntry entry = entries.get(index);
                    if (entry.isDirectory() || index <= done) {
                        continue;
                    }
                    job = record(job, entry.getName(), readEntry(zip, entry, job, index))
                            .withCheckpoint(Integer.toString(index));
                    if (saves.fileDone()) {
                        job = save(job, saves);
                    }
                }
            }
        } finally {
            Files.deleteIfExists(local);
        }
        return job;
    }

    private ImportFileProcessor.Result readEntry(ZipEntries zip, ZipArchiveEntry entry, ImportJob job, int index) {
        // the entry's index makes its identity: two entries of one name are two images
        String identity = index + "/" + entry.getName();
        ZipEntries.Content content = zip.read(entry, processor.maxFileBytes());
        if (content.damage() != null) {
            return corrupt(entry, content.damage());
        }
        return processor.process(job, entry.getName(), identity, content.bytes());
    }

    private static ImportFileProcessor.Result corrupt(ZipArchiveEntry entry, String why) {
        return ImportFileProcessor.Result.failed(entry.getName(), "CORRUPT", "the zip entry cannot be read: " + why);
    }

    private ImportJob record(ImportJob job, String file, ImportFileProcessor.Result result) {
        meters.counter(
                        "lake.ingest.requests",
                        "source",
                        "import",
                        "outcome",
                        result.outcome().name().toLowerCase())
                .increment();
        if (result.failure() != null) {
            meters.counter(
                            "lake.ingest.rejections",
                            "source",
                            "import",
                            "reason",
                            result.failure().code())
                    .increment();
        }
        return job.progressed(
                file,
                result.outcome(),
                result.bytes(),
                result.failure(),
                properties.maxFailuresKept(),
                clock.instant());
    }

    private Iterable<Result<Item>> list(ImportJob job, String startAfter) {
        ListObjectsArgs.Builder args = ListObjectsArgs.builder()
                .bucket(job.bucket())
                .prefix(job.prefix())
                .recursive(true);
        if (startAfter != null) {
            args.startAfter(startAfter);
        }
        return client.listObjects(args.build());
    }

    private byte[] read(String bucket, String key) throws Exception {
        try (InputStream in = client.getObject(
                GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        }
    }

    /** The zip cannot be read at all (or has too many entries): the job fails with this reason. */
    static final class InvalidZipException extends RuntimeException {
        InvalidZipException(String message) {
            super(message);
        }
    }
}
