package io.imagelake.ingest.bronze;

import io.imagelake.contracts.EventCodec;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.support.storage.ConditionalWrites;
import io.imagelake.support.storage.StorageUnavailableException;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * The outbox of bronze writes: before an original is stored, its {@code ImageIngested} event is
 * written as a marker under {@code _pending/}. The marker is cleared once Kafka acknowledged the
 * event; a marker that stays (a crash between the writes) is re-emitted by
 * {@link PendingEventReconciler}. Clearing is off the request path, batched into multi-deletes.
 */
@Component
public class PendingEvents implements SchedulingConfigurer {

    static final String PREFIX = "_pending/";
    private static final Logger log = LoggerFactory.getLogger(PendingEvents.class);

    private final ReconcilerProperties properties;
    private final MinioClient client;
    private final BronzeWriter bronze;
    private final ConditionalWrites objects;
    private final ConcurrentLinkedQueue<String> toClear = new ConcurrentLinkedQueue<>();

    public PendingEvents(
            MinioClient client, BronzeWriter bronze, ConditionalWrites objects, ReconcilerProperties properties) {
        this.properties = properties;
        this.client = client;
        this.bronze = bronze;
        this.objects = objects;
    }

    /** A marker as listed: its event and when it was written. */
    public record Marker(String key, Instant writtenAt) {}

    public void put(ImageIngested event) {
        try {
            objects.put(bronze.bucket(), key(event.imageId()), EventCodec.encode(event), "application/json");
        } catch (RuntimeException e) {
            throw new StorageUnavailableException("cannot record the pending event of " + event.imageId(), e);
        }
    }

    /** Marks the event as delivered; the marker is deleted with the next batch. */
    public void clear(String imageId) {
        toClear.add(key(imageId));
    }

    /** Scheduled from the properties record, where the interval's default is written once. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::flushClears, properties.clearInterval(), Duration.ZERO));
    }

    public void flushClears() {
        List<DeleteObject> batch = new ArrayList<>();
        for (String key; batch.size() < 1000 && (key = toClear.poll()) != null; ) {
            batch.add(new DeleteObject(key));
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            for (Result<DeleteError> error : client.removeObjects(RemoveObjectsArgs.builder()
                    .bucket(bronze.bucket())
                    .objects(batch)
                    .build())) {
                log.warn("cannot clear pending marker {}", error.get().objectName());
            }
        } catch (Exception e) {
            // left in place: the reconciler re-emits them later, which the catalog de-duplicates
            log.warn("cannot clear {} pending markers: {}", batch.size(), e.toString());
        }
    }

    public List<Marker> list() throws Exception {
        List<Marker> markers = new ArrayList<>();
        for (Result<Item> result : client.listObjects(ListObjectsArgs.builder()
                .bucket(bronze.bucket())
                .prefix(PREFIX)
                .recursive(true)
                .build())) {
            Item item = result.get();
            markers.add(new Marker(item.objectName(), item.lastModified().toInstant()));
        }
        return markers;
    }

    public ImageIngested read(Marker marker) throws Exception {
        try (var in = client.getObject(GetObjectArgs.builder()
                .bucket(bronze.bucket())
                .object(marker.key())
                .build())) {
            return EventCodec.decode(in.readAllBytes(), ImageIngested.class);
        }
    }

    /** The pending event of an image, if its marker is still there. */
    public Optional<ImageIngested> find(String imageId) {
        return objects.read(bronze.bucket(), key(imageId)).map(json -> EventCodec.decode(json, ImageIngested.class));
    }

    public void delete(Marker marker) {
        toClear.add(marker.key());
    }

    private static String key(String imageId) {
        return PREFIX + imageId + ".json";
    }
}
