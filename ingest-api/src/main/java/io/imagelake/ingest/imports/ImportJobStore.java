package io.imagelake.ingest.imports;

import io.imagelake.ingest.bronze.BronzeWriter;
import io.imagelake.support.storage.ConditionalWrites;
import io.imagelake.support.storage.ObjectStoreErrors;
import io.imagelake.support.storage.StorageUnavailableException;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Import jobs (and uploaded zips) under {@code _imports/<tenant>/} in the bronze bucket. An
 * unfinished job also has an empty marker under {@code _imports/_open/<tenant>/<jobId>} (a tenant
 * never starts with {@code _}), so that looking for work lists the unfinished jobs only, not every
 * job ever created.
 */
@Component
public class ImportJobStore {

    private static final String PREFIX = "_imports/";
    private static final String OPEN = PREFIX + "_open/";
    private static final int READ_ATTEMPTS = 5;
    private static final long READ_RETRY_MILLIS = 25;

    private final MinioClient client;
    private final ConditionalWrites objects;
    private final BronzeWriter bronze;
    private final ObjectMapper json;

    public ImportJobStore(MinioClient client, ConditionalWrites objects, BronzeWriter bronze, ObjectMapper json) {
        this.client = client;
        this.objects = objects;
        this.bronze = bronze;
        this.json = json;
    }

    /** Saved with the small-write retry: a job record is rewritten whole, so a repeated PUT is harmless. */
    public void save(ImportJob job) {
        try {
            objects.put(
                    bronze.bucket(),
                    jobKey(job.customerId(), job.jobId()),
                    json.writeValueAsBytes(job),
                    "application/json");
            if (job.ended()) {
                client.removeObject(RemoveObjectArgs.builder()
                        .bucket(bronze.bucket())
                        .object(openKey(job.customerId(), job.jobId()))
                        .build());
            } else {
                objects.put(
                        bronze.bucket(),
                        openKey(job.customerId(), job.jobId()),
                        new byte[0],
                        "application/octet-stream");
            }
        } catch (StorageUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageUnavailableException("cannot mark import job " + job.jobId(), e);
        }
    }

    /**
     * The job, or empty if there is none. A job is overwritten at every checkpoint, and S3Proxy's
     * filesystem backend does not replace an object atomically: a read racing a checkpoint was seen
     * to miss the job or get a cut-off body. Such a read is retried briefly before it counts.
     */
    public Optional<ImportJob> find(String tenant, String jobId) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            try (InputStream in = client.getObject(GetObjectArgs.builder()
                    .bucket(bronze.bucket())
                    .object(jobKey(tenant, jobId))
                    .build())) {
                return Optional.of(json.readValue(in.readAllBytes(), ImportJob.class));
            } catch (ErrorResponseException e) {
                if (!ObjectStoreErrors.isMissing(e)) {
                    throw new StorageUnavailableException("cannot read import job " + jobId, e);
                }
                last = null;
            } catch (JacksonException e) {
                last = new StorageUnavailableException("import job " + jobId + " is unreadable", e);
            } catch (Exception e) {
                throw new StorageUnavailableException("cannot read import job " + jobId, e);
            }
            sleep(READ_RETRY_MILLIS);
        }
        if (last != null) {
            throw last;
        }
        return Optional.empty();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted", e);
        }
    }

    /** The unfinished jobs of every tenant (the runner looks for work it should do); a stale marker is dropped. */
    public List<ImportJob> unfinished() throws Exception {
        List<ImportJob> jobs = new ArrayList<>();
        for (Result<Item> result : client.listObjects(ListObjectsArgs.builder()
                .bucket(bronze.bucket())
                .prefix(OPEN)
                .recursive(true)
                .build())) {
            String[] tenantAndJob =
                    result.get().objectName().substring(OPEN.length()).split("/", 2);
            if (tenantAndJob.length != 2) {
                continue;
            }
            Optional<ImportJob> job = find(tenantAndJob[0], tenantAndJob[1]);
            if (job.isPresent() && !job.get().ended()) {
                jobs.add(job.get());
            } else if (job.isPresent()) {
                // finished, but the marker's removal was cut off
                client.removeObject(RemoveObjectArgs.builder()
                        .bucket(bronze.bucket())
                        .object(result.get().objectName())
                        .build());
            }
        }
        return jobs;
    }

    /** Stores an uploaded zip (streamed, known length) for the job to read. */
    public void saveZip(String tenant, String jobId, InputStream zip, long size) {
        try {
            client.putObject(PutObjectArgs.builder().bucket(bronze.bucket()).object(zipKey(tenant, jobId)).stream(
                            zip, size, size >= 0 ? -1 : 5L * 1024 * 1024)
                    .contentType("application/zip")
                    .build());
        } catch (Exception e) {
            // the body's own limit, surfacing through the client: the caller's fault, not an outage
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ZipTooLargeException tooLarge) {
                    throw tooLarge;
                }
            }
            throw new StorageUnavailableException("cannot store the zip of import " + jobId, e);
        }
    }

    public InputStream openZip(String tenant, String jobId) throws Exception {
        return client.getObject(GetObjectArgs.builder()
                .bucket(bronze.bucket())
                .object(zipKey(tenant, jobId))
                .build());
    }

    /** Deletes a job's uploaded zip (deleting a missing one succeeds). */
    public void deleteZip(String tenant, String jobId) throws Exception {
        client.removeObject(RemoveObjectArgs.builder()
                .bucket(bronze.bucket())
                .object(zipKey(tenant, jobId))
                .build());
    }

    private static String openKey(String tenant, String jobId) {
        return OPEN + tenant + "/" + jobId;
    }

    private static String jobKey(String tenant, String jobId) {
        return PREFIX + tenant + "/" + jobId + ".json";
    }

    private static String zipKey(String tenant, String jobId) {
        return PREFIX + tenant + "/" + jobId + ".zip";
    }
}
