package io.imagelake.support.kafka;

import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.ImageNormalized;
import io.imagelake.contracts.ImagePromoted;
import io.imagelake.contracts.ObjectRef;
import io.imagelake.contracts.Zone;
import io.imagelake.support.errors.ErrorKind;
import io.imagelake.support.errors.PermanentException;
import io.imagelake.support.storage.StorageProperties;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * An event is no identity either: whoever can write a topic could name another tenant's objects
 * in it (a forged {@code ImagePromoted} pointing acme's image at globex's gold). Every consumer
 * checks that each object an event names lies in its zone's bucket under the event's own tenant
 * ({@code <bucket>/<customerId>/...}, no dot segments) before it acts on it. A foreign reference
 * is never going to be right: it is dead-lettered with its reason, not retried.
 */
public class EventReferences {

    private final StorageProperties.Buckets buckets;
    private final MeterRegistry meters;

    public EventReferences(StorageProperties.Buckets buckets, MeterRegistry meters) {
        this.buckets = buckets;
        this.meters = meters;
    }

    /** The event, if every object it names is its tenant's; else {@link ForeignReferenceException}. */
    public <E extends ImageEvent> E check(E event) {
        switch (event) {
            case ImageIngested ingested -> check(event, Zone.BRONZE, ingested.bronze());
            case ImageNormalized normalized -> check(event, Zone.SILVER, normalized.silver());
            case ImagePromoted promoted -> check(event, Zone.GOLD, promoted.gold());
            default -> {}
        }
        return event;
    }

    private void check(ImageEvent event, Zone zone, ObjectRef ref) {
        if (ref == null) {
            return;
        }
        String key = ref.key() == null ? "" : ref.key();
        boolean own = buckets.of(zone).equals(ref.bucket())
                && event.customerId() != null
                && key.startsWith(event.customerId() + "/")
                && !hasDotSegment(key);
        if (!own) {
            meters.counter(
                            "lake.kafka.events.refused",
                            "reason",
                            "foreign-reference",
                            "type",
                            event.getClass().getSimpleName())
                    .increment();
            throw new ForeignReferenceException("%s %s of tenant %s names %s/%s, outside %s/%s/"
                    .formatted(
                            event.getClass().getSimpleName(),
                            event.eventId(),
                            event.customerId(),
                            ref.bucket(),
                            key,
                            buckets.of(zone),
                            event.customerId()));
        }
    }

    private static boolean hasDotSegment(String key) {
        for (String segment : key.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** An event naming an object that is not its tenant's, or not in its zone. */
    public static class ForeignReferenceException extends PermanentException {

        public ForeignReferenceException(String message) {
            super(ErrorKind.FORBIDDEN, "foreign-reference", "Foreign reference", message);
        }
    }
}
