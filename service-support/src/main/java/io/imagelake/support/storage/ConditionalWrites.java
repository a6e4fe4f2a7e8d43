package io.imagelake.support.storage;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Small objects on the object store (markers, records): reads, listings, removals, retried writes, and "first writer
 * wins": a create with {@code If-None-Match: *}, atomic on MinIO and S3, which is all production
 * needs. The one dev-server quirk lives here, behind {@code lake.s3.atomic-conditional-writes=false}
 * (what devstack sets for S3Proxy): S3Proxy checks and writes in two steps, so creates and
 * read-decide-write sequences of the same key are then serialized within this process (striped
 * locks); across processes on S3Proxy a same-instant race remains possible. A failure of the store
 * itself (not "the object exists") is a {@link StorageUnavailableException}: retriable.
 */
public class ConditionalWrites {

    private final MinioClient client;
    private final TransientRetry retry;
    private final ReentrantLock[] stripes; // null where the server is atomic

    public ConditionalWrites(MinioClient client, TransientRetry retry, boolean atomicServer) {
        this.client = client;
        this.retry = retry;
        this.stripes = atomicServer ? null : new ReentrantLock[256];
        if (stripes != null) {
            Arrays.setAll(stripes, i -> new ReentrantLock());
        }
    }

    /**
     * Runs {@code work} for a read-decide-write sequence on {@code key}: at once on an atomic server
     * (the conditional create decides), holding the key's lock on S3Proxy.
     */
    public <T> T locked(String key, Supplier<T> work) {
        if (stripes == null) {
            return work.get();
        }
        ReentrantLock lock = stripes[Math.floorMod(key.hashCode(), stripes.length)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** True if the object was created; false if one already existed (nothing is overwritten). */
    public boolean createIfAbsent(String bucket, String key, byte[] content, String contentType) throws Exception {
        return createIfAbsent(bucket, key, () -> new ByteArrayInputStream(content), content.length, contentType);
    }

    /** As above, for {@code size} bytes read from {@code content}, opened again for each attempt. */
    public boolean createIfAbsent(
            String bucket, String key, Callable<InputStream> content, long size, String contentType) throws Exception {
        return locked(bucket + "/" + key, () -> {
            try {
                // a retry after a lost answer may meet its own object (412) and report the key taken: the
                // caller then answers "in progress", which is safe (the client retries), never a double write
                retry.call(() -> {
                    try (InputStream in = content.call()) {
                        return client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(in, size, -1)
                                .contentType(contentType)
                                .headers(Map.of("If-None-Match", "*"))
                                .build());
                    }
                });
                return true;
            } catch (ErrorResponseException e) {
                if ("PreconditionFailed".equals(e.errorResponse().code())
                        || e.response().code() == 412) {
                    return false;
                }
                throw new StorageUnavailableException("conditional create of " + key + " failed", e);
            } catch (Exception e) {
                throw new StorageUnavailableException("conditional create of " + key + " failed", e);
            }
        });
    }

    /**
     * Writes (or overwrites) a small object, retried on a transient failure: a repeated PUT of the
     * same bytes is harmless, and S3Proxy fails one when a delete empties its "directory" meanwhile.
     */
    public void put(String bucket, String key, byte[] content, String contentType) {
        try {
            retry.call(() -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(
                            new ByteArrayInputStream(content), content.length, -1)
                    .contentType(contentType)
                    .build()));
        } catch (Exception e) {
            throw new StorageUnavailableException("cannot write " + key, e);
        }
    }

    /** Every object under {@code prefix}, in key order; a failed listing is a {@link StorageUnavailableException}. */
    public List<Item> list(String bucket, String prefix) {
        List<Item> items = new ArrayList<>();
        try {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder()
                    .bucket(bucket)
                    .prefix(prefix)
                    .recursive(true)
                    .build())) {
                items.add(result.get());
            }
            return items;
        } catch (Exception e) {
            throw new StorageUnavailableException("cannot list " + prefix, e);
        }
    }

    /** Removes an object (one already gone is no error: S3's delete is idempotent). */
    public void remove(String bucket, String key) {
        try {
            client.removeObject(
                    RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            throw new StorageUnavailableException("cannot remove " + key, e);
        }
    }

    /** The object's bytes, or empty when it does not exist. */
    public Optional<byte[]> read(String bucket, String key) {
        try (var in = client.getObject(
                GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return Optional.of(in.readAllBytes());
        } catch (ErrorResponseException e) {
            if (ObjectStoreErrors.isMissing(e)) {
                return Optional.empty();
            }
            throw new StorageUnavailableException("cannot read " + key, e);
        } catch (Exception e) {
            throw new StorageUnavailableException("cannot read " + key, e);
        }
    }
}
