package io.imagelake.ingest.upload;

import io.imagelake.contracts.ImageIds;
import io.imagelake.contracts.ObjectKeys;
import io.imagelake.ingest.bronze.BronzeWriter;
import io.imagelake.support.storage.ConditionalWrites;
import io.imagelake.support.storage.StorageUnavailableException;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Idempotency records in the object store (bronze bucket, {@link ObjectKeys#idempotencyRecord}: named by the
 * image the key derives),
 * so they hold across ingest-api instances and restarts. A key is claimed with a conditional
 * create ({@link ConditionalWrites}): of two concurrent requests exactly one wins.
 */
@Component
public class IdempotencyStore {

    private final MinioClient client;
    private final BronzeWriter bronze;
    private final ObjectMapper json;
    private final IdempotencyProperties properties;
    private final ConditionalWrites conditional;
    private final Clock clock;

    public IdempotencyStore(
            MinioClient client,
            BronzeWriter bronze,
            ObjectMapper json,
            IdempotencyProperties properties,
            ConditionalWrites conditional,
            Clock clock) {
        this.clock = clock;
        this.client = client;
        this.conditional = conditional;
        this.bronze = bronze;
        this.json = json;
        this.properties = properties;
    }

    /** The outcome of claiming a key for an upload of bytes with {@code sha256}. */
    public sealed interface Claim {
        record Won() implements Claim {}

        record Replay(IdempotencyRecord record) implements Claim {}
    }

    /**
     * Claims the key, or says what happened before: {@link Claim.Replay} for a completed upload of
     * the same bytes. Throws {@link IdempotencyConflictException} for other bytes and
     * {@link IdempotencyInProgressException} while the first request is still running.
     */
    public Claim claim(String tenant, String key, String sha256) {
        String object = objectName(tenant, key);
        // the whole read-decide-write under the key's lock (see ConditionalWrites)
        return conditional.locked(bronze.bucket() + "/" + object, () -> claimLocked(object, sha256));
    }

    private Claim claimLocked(String object, String sha256) {
        IdempotencyRecord pending =
                new IdempotencyRecord(IdempotencyRecord.State.PENDING, sha256, clock.instant(), null);
        if (create(object, pending)) {
            return new Claim.Won();
        }
        IdempotencyRecord existing = read(object).orElse(null);
        if (existing == null) {
            // released between our create and our read: try once more
            return create(object, pending) ? new Claim.Won() : claimAfterRace(object, sha256);
        }
        return decide(object, existing, pending, sha256);
    }

    private Claim claimAfterRace(String object, String sha256) {
        IdempotencyRecord existing = read(object).orElseThrow(IdempotencyInProgressException::new);
        return decide(object, existing, null, sha256);
    }

    private Claim decide(String object, IdempotencyRecord existing, IdempotencyRecord pending, String sha256) {
        if (!existing.sha256().equals(sha256)) {
            throw new IdempotencyConflictException();
        }
        if (existing.state() == IdempotencyRecord.State.COMPLETE) {
            return new Claim.Replay(existing);
        }
        boolean stale = existing.claimedAt().plus(properties.leaseTimeout()).isBefore(clock.instant());
        if (stale && pending != null) {
            // the first request died mid-way; its image id is the same, so taking over is safe
            write(object, pending);
            return new Claim.Won();
        }
        throw new IdempotencyInProgressException();
    }

    public void complete(String tenant, String key, IdempotencyRecord record) {
        write(objectName(tenant, key), record);
    }

    /** Frees the key after a failed upload, so the client's retry is processed afresh. */
    public void release(String tenant, String key) {
        try {
            client.removeObject(RemoveObjectArgs.builder()
                    .bucket(bronze.bucket())
                    .object(objectName(tenant, key))
                    .build());
        } catch (Exception ignored) {
            // a leftover PENDING claim expires after the lease timeout
        }
    }

    private boolean create(String object, IdempotencyRecord record) {
        try {
            return conditional.createIfAbsent(
                    bronze.bucket(), object, json.writeValueAsBytes(record), "application/json");
        } catch (Exception e) {
            throw new StorageUnavailableException("cannot claim idempotency key", e);
        }
    }

    private void write(String object, IdempotencyRecord record) {
        try {
            conditional.put(bronze.bucket(), object, json.writeValueAsBytes(record), "application/json");
        } catch (RuntimeException e) {
            throw new StorageUnavailableException("cannot record idempotency key", e);
        }
    }

    private Optional<IdempotencyRecord> read(String object) {
        return conditional.read(bronze.bucket(), object).map(bytes -> json.readValue(bytes, IdempotencyRecord.class));
    }

    private static String objectName(String tenant, String key) {
        return ObjectKeys.idempotencyRecord(tenant, ImageIds.forIdempotencyKey(tenant, key));
    }
}
