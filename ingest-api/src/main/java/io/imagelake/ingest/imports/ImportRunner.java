package io.imagelake.ingest.imports;

import io.imagelake.support.storage.StorageProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Runs import jobs, one at a time per instance: a queued job, or a running one whose owner stopped
 * writing its heartbeat (that instance died or was restarted). A job resumes after its checkpoint
 * (the last file done, in listing or zip order); files between the checkpoint and a crash are
 * processed again, which {@link ImportFileProcessor} makes harmless.
 */
@Component
public class ImportRunner {

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);

    private final ImportJobStore jobs;
    private final ImportFileProcessor processor;
    private final ImportProperties properties;
    private final MinioClient client;
    private final MeterRegistry meters;
    private final String owner;
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("import-", 0).factory());

    public ImportRunner(ImportJobStore jobs, ImportFileProcessor processor, ImportProperties properties,
                        MinioClient client, MeterRegistry meters,
                        @Value("${lake.instance-id:}") String instanceId) {
        this.jobs = jobs;
        this.processor = processor;
        this.properties = properties;
        this.client = client;
        this.meters = meters;
        this.owner = (instanceId.isBlank() ? "ingest" : instanceId) + "-" + UUID.randomUUID().toString().substring(0, 8);
        meters.gauge("lake.ingest.import.running", busy, b -> b.get() ? 1 : 0);
    }

    @Scheduled(fixedDelayString = "${lake.ingest.imports.poll-interval:2s}")
    public void poll() {
        if (busy.get()) {
            return;
        }
        try {
            Instant now = clock.instant();
            for (ImportJob job : jobs.unfinished()) {
                boolean queued = job.state() == ImportJob.State.QUEUED;
                boolean orphaned = job.state() == ImportJob.State.RUNNING
                        && (owner.equals(job.owner()) || job.heartbeatAt().plus(properties.heartbeatTimeout()).isBefore(now));
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
        log.info("import {} of {} ({} {}/{}) from checkpoint {}", job.jobId(), job.customerId(), job.kind(),
                job.bucket(), job.prefix(), job.checkpoint());
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

    private ImportJob runZip(ImportJob job) throws Exception {
        long done = job.checkpoint() == null ? -1 : Long.parseLong(job.checkpoint());
        JobSaves saves = saves();
        long index = -1;
        try (InputStream stored = jobs.openZip(job.customerId(), job.jobId()); ZipInputStream zip = new ZipInputStream(stored)) {
            for (ZipEntry entry; (entry = nextEntry(zip)) != null; ) {
                index++;
                if (index >= properties.maxZipEntries()) {
                    throw new InvalidZipException("more than " + properties.maxZipEntries() + " entries");
                }
                if (entry.isDirectory() || index <= done) {
                    continue;
                }
                ImportFileProcessor.Result result;
                try {
                    // read at most limit + 1 bytes: a bomb is refused without being inflated
                    byte[] bytes = zip.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, processor.maxFileBytes() + 1));
                    // the entry's index makes its identity: two entries of one name are two images
                    result = processor.process(job, entry.getName(), index + "/" + entry.getName(),
                            bytes.length > processor.maxFileBytes() ? null : bytes);
                } catch (java.util.zip.ZipException | java.io.EOFException corrupt) {
                    // a bad CRC or deflate stream is the zip's fault, never an outage: the entry fails, the job goes on
                    // (or ends FAILED at the next entry if the stream cannot go on) instead of being retried for ever
                    result = ImportFileProcessor.Result.failed(entry.getName(), "CORRUPT", "the zip entry cannot be read: "
                            + corrupt.getMessage());
                }
                job = record(job, entry.getName(), result).withCheckpoint(Long.toString(index));
                if (saves.fileDone()) {
                    job = save(job, saves);
                }
            }
        }
        return job.filesTotal() == null ? job.withTotal(job.filesSeen()) : job;
    }

    private static ZipEntry nextEntry(ZipInputStream zip) {
        try {
            return zip.getNextEntry();
        } catch (Exception e) {
            throw new InvalidZipException("not a readable zip: " + e.getMessage());
        }
    }

    private ImportJob record(ImportJob job, String file, ImportFileProcessor.Result result) {
        meters.counter("lake.ingest.requests", "source", "import", "outcome", result.outcome().name().toLowerCase()).increment();
        if (result.failure() != null) {
            meters.counter("lake.ingest.rejections", "source", "import", "reason", result.failure().code()).increment();
        }
        return job.progressed(file, result.outcome(), result.bytes(), result.failure(), properties.maxFailuresKept(), clock.instant());
    }

    private Iterable<Result<Item>> list(ImportJob job, String startAfter) {
        ListObjectsArgs.Builder args = ListObjectsArgs.builder().bucket(job.bucket()).prefix(job.prefix()).recursive(true);
        if (startAfter != null) {
            args.startAfter(startAfter);
        }
        return client.listObjects(args.build());
    }

    private byte[] read(String bucket, String key) throws Exception {
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
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
