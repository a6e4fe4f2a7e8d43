package io.imagelake.normalizer.reprocessing;

import io.imagelake.support.storage.ConditionalWrites;
import io.imagelake.support.storage.StorageProperties;
import io.imagelake.support.storage.StorageUnavailableException;
import io.minio.messages.Item;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reprocessing jobs in the silver bucket, the normalizer's own, so that every instance sees every job and a job
 * outlives the instance that ran it:
 *
 * <ul>
 *   <li>{@code _reprocessing/active/<id>.json}: a queued or running job, rewritten at each heartbeat of its holder;
 *   <li>{@code _reprocessing/finished/<id>.json}: a finished one, written once (the oldest beyond the kept number are
 *       removed, with their claims);
 *   <li>{@code _reprocessing/claims/<id>/<generation>}: who may run it. A claim is a create-if-absent, so of the
 *       instances that find a job abandoned one wins each generation, and a holder that finds the next generation
 *       claimed has lost the job (and writes it no more, finished or not).
 * </ul>
 *
 * No tenant id starts with '_', so none of this is anyone's image (the integrity check and erasure skip it).
 */
@Component
class ReprocessingJobStore {

    static final String PREFIX = "_reprocessing/";
    private static final String ACTIVE = PREFIX + "active/";
    private static final String FINISHED = PREFIX + "finished/";
    private static final String CLAIMS = PREFIX + "claims/";
    private static final String JSON_TYPE = "application/json";

    private final ConditionalWrites objects;
    private final JsonMapper json;
    private final String bucket;

    ReprocessingJobStore(ConditionalWrites objects, StorageProperties storage, JsonMapper json) {
        this.objects = objects;
        this.json = json;
        this.bucket = storage.buckets().silver();
    }

    /** True if this call took {@code generation} of the job's claims; false if another instance has it. */
    boolean claim(String id, long generation) {
        try {
            return objects.createIfAbsent(bucket, claimKey(id, generation), new byte[0], "application/octet-stream");
        } catch (StorageUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageUnavailableException("cannot claim reprocessing job " + id, e);
        }
    }

    /** True if some instance has claimed {@code generation} of the job. */
    boolean claimed(String id, long generation) {
        return objects.read(bucket, claimKey(id, generation)).isPresent();
    }

    void saveActive(StoredJob job) {
        objects.put(bucket, ACTIVE + job.id() + ".json", json.writeValueAsBytes(job), JSON_TYPE);
    }

    /** Records the job as finished, then forgets it as active. */
    void saveFinished(StoredJob job) {
        objects.put(bucket, FINISHED + job.id() + ".json", json.writeValueAsBytes(job), JSON_TYPE);
        forgetActive(job.id());
    }

    /** The job, finished or not (a finished record wins over an active one a crash left behind). */
    Optional<StoredJob> find(String id) {
        if (!id.matches("[A-Za-z0-9-]{1,64}")) {
            return Optional.empty();
        }
        return read(FINISHED + id + ".json").or(() -> read(ACTIVE + id + ".json"));
    }

    boolean isFinished(String id) {
        return objects.read(bucket, FINISHED + id + ".json").isPresent();
    }

    List<StoredJob> active() {
        return keys(ACTIVE).stream().map(this::read).flatMap(Optional::stream).toList();
    }

    /** Every job, oldest first. */
    List<StoredJob> all() {
        Map<String, StoredJob> jobs = new LinkedHashMap<>();
        for (StoredJob job : active()) {
            jobs.put(job.id(), job);
        }
        for (String key : keys(FINISHED)) {
            read(key).ifPresent(job -> jobs.put(job.id(), job));
        }
        return jobs.values().stream()
                .sorted(Comparator.comparing(StoredJob::createdAt))
                .toList();
    }

    /**
     * Removes the finished jobs beyond the {@code keep} most recently finished, with their claims. Run after each
     * finish, so it reads about {@code keep} records.
     */
    void forgetFinishedBeyond(int keep) {
        List<StoredJob> finished = new ArrayList<>(keys(FINISHED).stream()
                .map(this::read)
                .flatMap(Optional::stream)
                .toList());
        finished.sort(
                Comparator.comparing((StoredJob job) -> job.job().finishedAt()).reversed());
        for (StoredJob job : finished.subList(Math.min(keep, finished.size()), finished.size())) {
            remove(FINISHED + job.id() + ".json");
            for (String claim : keys(CLAIMS + job.id() + "/")) {
                remove(claim);
            }
        }
    }

    /** Removes an active record (after its job finished, or when a crash left it behind). */
    void forgetActive(String id) {
        remove(ACTIVE + id + ".json");
    }

    private Optional<StoredJob> read(String key) {
        return objects.read(bucket, key).map(bytes -> json.readValue(bytes, StoredJob.class));
    }

    private static String claimKey(String id, long generation) {
        return CLAIMS + id + "/" + String.format("%019d", generation);
    }

    private List<String> keys(String prefix) {
        return objects.list(bucket, prefix).stream().map(Item::objectName).toList();
    }

    private void remove(String key) {
        objects.remove(bucket, key);
    }
}
