package io.imagelake.catalog.projection;

import static io.imagelake.catalog.store.ImageDocument.APPLIED_EVENTS;
import static io.imagelake.catalog.store.ImageDocument.ATTRIBUTES;
import static io.imagelake.catalog.store.ImageDocument.CAPTION;
import static io.imagelake.catalog.store.ImageDocument.CAPTION_ORIGINAL;
import static io.imagelake.catalog.store.ImageDocument.CAPTURED_AT;
import static io.imagelake.catalog.store.ImageDocument.DEVICE;
import static io.imagelake.catalog.store.ImageDocument.DUPLICATE_OF;
import static io.imagelake.catalog.store.ImageDocument.FEATURES;
import static io.imagelake.catalog.store.ImageDocument.LINEAGE;
import static io.imagelake.catalog.store.ImageDocument.ORIGINAL;
import static io.imagelake.catalog.store.ImageDocument.REASONS;
import static io.imagelake.catalog.store.ImageDocument.STATUS_RANK;
import static io.imagelake.catalog.store.ImageDocument.STATUS_VERSION_AT;
import static io.imagelake.contracts.CatalogColumns.BYTES;
import static io.imagelake.contracts.CatalogColumns.CREATED_AT;
import static io.imagelake.contracts.CatalogColumns.CUSTOMER_ID;
import static io.imagelake.contracts.CatalogColumns.FORMAT;
import static io.imagelake.contracts.CatalogColumns.HEIGHT;
import static io.imagelake.contracts.CatalogColumns.ID;
import static io.imagelake.contracts.CatalogColumns.LANGUAGE;
import static io.imagelake.contracts.CatalogColumns.NORMALIZED_AT;
import static io.imagelake.contracts.CatalogColumns.PIPELINE_VERSION;
import static io.imagelake.contracts.CatalogColumns.SOURCE;
import static io.imagelake.contracts.CatalogColumns.STATUS;
import static io.imagelake.contracts.CatalogColumns.STATUS_VERSION;
import static io.imagelake.contracts.CatalogColumns.TAGS;
import static io.imagelake.contracts.CatalogColumns.UPDATED_AT;
import static io.imagelake.contracts.CatalogColumns.WIDTH;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.BulkWriteUpsert;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.imagelake.catalog.feed.FeedSequencer;
import io.imagelake.catalog.retention.ImageEraser;
import io.imagelake.catalog.store.AllOf;
import io.imagelake.catalog.store.CatalogStore;
import io.imagelake.catalog.store.FeedZone;
import io.imagelake.catalog.store.ImageDocument;
import io.imagelake.contracts.CatalogColumns;
import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.ImageNormalized;
import io.imagelake.contracts.ImagePromoted;
import io.imagelake.contracts.ImageRejected;
import io.imagelake.contracts.ImageStatus;
import io.imagelake.support.logging.ImageContext;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/**
 * Projects image events into one catalog document per image, idempotently and order-safely, with
 * single-document atomic updates only (the embedded server has no transactions):
 * <ol>
 *   <li>an event already applied (its id is in {@code applied_events}) adds no facts again; only
 *       its status advance is decided again, which a crash between the two updates may have lost;</li>
 *   <li>facts of the event's zone are set unconditionally (they do not depend on order);</li>
 *   <li>a new document gets the event's status in the same update; an existing one moves
 *       forwards only (a second update, conditional on the stored rank being lower);</li>
 *   <li>except for a newer pipeline version (reprocessing): the status is the verdict of one
 *       version ({@code status_version}, first seen at {@code status_version_at}); an event of
 *       another version that happened after that takes the status over, whatever its rank, and
 *       an event of the older version arriving late changes nothing.</li>
 * </ol>
 * {@link #applyAll} gives a poll's events the same outcome as {@link #apply} on each in turn, in a few bulk writes.
 */
@Component
public class CatalogProjector {

    /* a status update lost to concurrent events of the same image is decided again this often */
    private static final int STATUS_ATTEMPTS = 5;

    private final MongoCollection<Document> images;
    private final FeedSequencer feeds;
    private final ImageEraser eraser;
    private final MeterRegistry meters;
    private final Clock clock;

    public CatalogProjector(
            CatalogStore store, FeedSequencer feeds, ImageEraser eraser, MeterRegistry meters, Clock clock) {
        this.clock = clock;
        this.images = store.images();
        this.feeds = feeds;
        this.eraser = eraser;
        this.meters = meters;
    }

    public void apply(ImageEvent event) {
        try (ImageContext context = ImageContext.of(event.customerId(), event.imageId())) {
            applyInContext(event);
        }
    }

    private void applyInContext(ImageEvent event) {
        if (!project(event) && !notApplied(event)) {
            return;
        }
        enterFeed(List.of(event));
    }

    /**
     * A poll's events, with the outcome of {@link #apply} on each in turn, in a few bulk writes instead of up to
     * seven round trips each: the facts of all in one ordered bulk (an event applied before stops it with E11000,
     * exactly as its single upsert would, and the rest goes on in the next bulk); the status of every existing image
     * read at once and advanced in a second; feed numbers in a third. The embedded server commits once per command
     * and scans nothing by id, so this is where its time went (JFR, bench/catalog-throughput.sh). A failure leaves
     * some steps done: each is idempotent, and the caller applies the events one by one to find the failing one.
     */
    public void applyAll(List<ImageEvent> events) {
        int n = events.size();
        boolean[] applied = new boolean[n];
        boolean[] inserted = new boolean[n];
        int start = 0;
        while (start < n) {
            List<UpdateOneModel<Document>> upserts = new ArrayList<>(n - start);
            for (ImageEvent event : events.subList(start, n)) {
                upserts.add(new UpdateOneModel<>(notYetApplied(event), facts(event), new UpdateOptions().upsert(true)));
            }
            int end;
            BulkWriteResult result;
            try {
                result = images.bulkWrite(upserts, new BulkWriteOptions().ordered(true));
                end = n;
            } catch (MongoBulkWriteException e) {
                var first = e.getWriteErrors().getFirst();
                if (ErrorCategory.fromErrorCode(first.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                // this one was applied before (or its image is erased); the ones before it are in
                result = e.getWriteResult();
                end = start + first.getIndex();
            }
            if (result.getMatchedCount() + result.getUpserts().size() != end - start) {
                throw new IllegalStateException("the bulk projection's counts do not add up to its events");
            }
            for (int i = start; i < end; i++) {
                applied[i] = true;
            }
            for (BulkWriteUpsert upsert : result.getUpserts()) {
                inserted[start + upsert.getIndex()] = true;
            }
            start = end + 1;
        }
        List<ImageEvent> toAdvance = new ArrayList<>();
        List<ImageEvent> toFeeds = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ImageEvent event = events.get(i);
            if (!applied[i]) {
                try (ImageContext context = ImageContext.of(event.customerId(), event.imageId())) {
                    if (notApplied(event)) {
                        toFeeds.add(event);
                    }
                }
                continue;
            }
            toFeeds.add(event);
            if (!inserted[i]) {
                toAdvance.add(event);
            }
            projected(event);
        }
        advanceStatuses(toAdvance);
        enterFeed(toFeeds);
    }

    /**
     * An event not applied: a repeat, or for an erased image (e.g. the normalizer finishing late), whose objects
     * then go while the tombstone stays. Asked only here, so the common path costs no query. True if the image
     * still is in the catalog.
     */
    private boolean notApplied(ImageEvent event) {
        if (eraser.deleteIfErased(event)) {
            meters.counter(
                            "lake.catalog.events.after_erasure",
                            "type",
                            event.getClass().getSimpleName())
                    .increment();
            return false;
        }
        meters.counter("lake.catalog.events.duplicate", "type", event.getClass().getSimpleName())
                .increment();
        // re-entrant: a crash may have come between recording the event and advancing the status, and
        // the advance is monotonic and conditional, so deciding it again for a repeat changes nothing else
        advanceStatus(event, StatusRule.statusOf(event), StatusRule.pipelineVersion(event));
        return true;
    }

    /** Also for a redelivered event: a crash may have come between projecting it and this. */
    private void enterFeed(List<ImageEvent> events) {
        List<FeedSequencer.Entry> entries = new ArrayList<>();
        for (ImageEvent event : events) {
            switch (event) {
                case ImageNormalized e -> entries.add(new FeedSequencer.Entry(e.imageId(), FeedZone.SILVER));
                case ImagePromoted e -> entries.add(new FeedSequencer.Entry(e.imageId(), FeedZone.GOLD));
                default -> {}
            }
        }
        feeds.enterAll(entries);
    }

    private void projected(ImageEvent event) {
        meters.counter("lake.catalog.events.projected", "type", event.getClass().getSimpleName())
                .increment();
    }

    /** A tombstone matches no event: the upsert's insert then collides with it, like a redelivery. */
    private static Bson notYetApplied(ImageEvent event) {
        return AllOf.of(
                Filters.eq(ID, event.imageId()),
                Filters.ne(APPLIED_EVENTS, event.eventId()),
                ImageDocument.notErased());
    }

    /** Everything the event states, and its status for a new document. */
    private Bson facts(ImageEvent event) {
        ImageStatus status = StatusRule.statusOf(event);
        List<Bson> facts = new ArrayList<>(zoneFacts(event));
        facts.add(Updates.setOnInsert(CUSTOMER_ID, event.customerId()));
        // a new document is born with its status: no reader ever sees an image without one
        facts.add(Updates.setOnInsert(STATUS, status.name()));
        facts.add(Updates.setOnInsert(STATUS_RANK, status.rank()));
        String version = StatusRule.pipelineVersion(event);
        if (version != null) {
            facts.add(Updates.setOnInsert(STATUS_VERSION, version));
            facts.add(Updates.setOnInsert(STATUS_VERSION_AT, Date.from(event.occurredAt())));
        }
        facts.add(Updates.max(UPDATED_AT, Date.from(event.occurredAt())));
        facts.add(ImageDocument.changedAt(clock.instant()));
        facts.add(Updates.push(LINEAGE, lineage(event)));
        facts.add(Updates.push(APPLIED_EVENTS, event.eventId()));
        return Updates.combine(facts);
    }

    /** True if the event changed the catalog; false if it was applied before or its image is a tombstone. */
    private boolean project(ImageEvent event) {
        try {
            var result = images.updateOne(notYetApplied(event), facts(event), new UpdateOptions().upsert(true));
            if (result.getMatchedCount() == 0 && result.getUpsertedId() == null) {
                return false;
            }
            if (result.getUpsertedId() == null) {
                advanceStatus(event, StatusRule.statusOf(event), StatusRule.pipelineVersion(event));
            }
        } catch (MongoWriteException e) {
            // E11000: the image exists and already has this event (or is erased) — the upsert's insert collided with it
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
        projected(event);
        return true;
    }

    /**
     * An existing image's status: forwards only within one pipeline version; a later version's
     * event takes it over. Decided on a read by id, applied by an update conditional on what was
     * read (retried when a concurrent event changed it in between).
     */
    private void advanceStatus(ImageEvent event, ImageStatus status, String version) {
        for (int attempt = 0; attempt < STATUS_ATTEMPTS; attempt++) {
            Document current = images.find(Filters.eq(ID, event.imageId()))
                    .projection(STATUS_FIELDS)
                    .first();
            StatusChange change = current == null ? null : StatusChange.of(current, event, status, version, clock);
            if (change == null
                    || images.updateOne(change.unchanged(), change.update()).getModifiedCount() > 0) {
                return;
            }
        }
        meters.counter("lake.catalog.status.contended").increment();
    }

    /**
     * {@link #advanceStatus} for many events at once: every image read in one query, each event decided on what the
     * events before it in the poll leave, all moves in one ordered bulk. If any condition no longer held (a
     * concurrent writer), each event is decided again by itself: a move is monotonic and conditional, so a
     * repeat changes nothing.
     */
    private void advanceStatuses(List<ImageEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        Map<String, Document> current = new LinkedHashMap<>();
        images.find(Filters.in(
                        ID, events.stream().map(ImageEvent::imageId).distinct().toList()))
                .projection(STATUS_FIELDS)
                .forEach(d -> current.put(d.getString(ID), d));
        List<UpdateOneModel<Document>> moves = new ArrayList<>();
        for (ImageEvent event : events) {
            Document stored = current.get(event.imageId());
            StatusChange change = stored == null
                    ? null
                    : StatusChange.of(
                            stored, event, StatusRule.statusOf(event), StatusRule.pipelineVersion(event), clock);
            if (change != null) {
                moves.add(new UpdateOneModel<>(change.unchanged(), change.update()));
                current.put(event.imageId(), change.after());
            }
        }
        if (moves.isEmpty()
                || images.bulkWrite(moves, new BulkWriteOptions().ordered(true)).getMatchedCount() == moves.size()) {
            return;
        }
        for (ImageEvent event : events) {
            advanceStatus(event, StatusRule.statusOf(event), StatusRule.pipelineVersion(event));
        }
    }

    private static final Bson STATUS_FIELDS =
            Projections.include(STATUS, STATUS_RANK, STATUS_VERSION, STATUS_VERSION_AT);

    /** One status move: the update, its condition (nothing moved the status since it was read), and the result. */
    private record StatusChange(Bson unchanged, Bson update, Document after) {

        /** The move the event makes on the stored status, or null if none. */
        static StatusChange of(Document current, ImageEvent event, ImageStatus status, String version, Clock clock) {
            Date at = Date.from(event.occurredAt());
            String currentVersion = current.getString(STATUS_VERSION);
            Date currentAt = current.getDate(STATUS_VERSION_AT);
            StatusRule.Move move = StatusRule.decide(
                    new StatusRule.Stored(
                            current.getString(STATUS), current.getInteger(STATUS_RANK, -1), currentVersion, currentAt),
                    status,
                    version,
                    at);
            if (move == StatusRule.Move.NONE) {
                return null;
            }
            Document after = new Document(ID, current.get(ID))
                    .append(STATUS, status.name())
                    .append(STATUS_RANK, status.rank())
                    .append(STATUS_VERSION, currentVersion)
                    .append(STATUS_VERSION_AT, currentAt);
            List<Bson> set = new ArrayList<>(List.of(
                    Updates.set(STATUS, status.name()),
                    Updates.set(STATUS_RANK, status.rank()),
                    ImageDocument.changedAt(clock.instant())));
            if (move.clearsVerdict(status)) {
                // the older version's verdict is no longer the image's
                set.add(Updates.unset(REASONS));
                set.add(Updates.unset(DUPLICATE_OF));
            }
            if (version != null) {
                set.add(Updates.set(STATUS_VERSION, version));
                boolean takesAt = move == StatusRule.Move.TAKE_OVER || currentAt == null;
                set.add(takesAt ? Updates.set(STATUS_VERSION_AT, at) : Updates.min(STATUS_VERSION_AT, at));
                after.append(STATUS_VERSION, version)
                        .append(STATUS_VERSION_AT, takesAt || at.before(currentAt) ? at : currentAt);
            }
            // conditional on what was read: nothing in between moved the status
            Bson unchanged = AllOf.of(
                    Filters.eq(ID, event.imageId()),
                    Filters.eq(STATUS_RANK, current.getInteger(STATUS_RANK)),
                    Filters.eq(STATUS_VERSION, currentVersion),
                    Filters.eq(STATUS_VERSION_AT, currentAt));
            return new StatusChange(unchanged, Updates.combine(set), after);
        }
    }

    private static List<Bson> zoneFacts(ImageEvent event) {
        return switch (event) {
            case ImageIngested e ->
                List.of(
                        Updates.set(SOURCE, e.source().name()),
                        Updates.set(FORMAT, e.format()),
                        Updates.set(BYTES, e.bytes()),
                        // the lake's own clock: a stream record's or an import's stated time never shortens retention
                        Updates.set(CREATED_AT, Date.from(e.occurredAt())),
                        Updates.set(CatalogColumns.SOURCE_TIME, Date.from(e.receivedAt())),
                        Updates.set(TAGS, e.tags()),
                        Updates.set(CAPTION_ORIGINAL, e.caption()),
                        Updates.set(CAPTURED_AT, e.capturedAt() == null ? null : Date.from(e.capturedAt())),
                        Updates.set(DEVICE, e.device()),
                        Updates.set(ATTRIBUTES, new Document(new HashMap<>(e.attributes()))),
                        Updates.set(
                                ImageDocument.zone("bronze"),
                                new Document(ImageDocument.BUCKET, e.bronze().bucket())
                                        .append(ImageDocument.KEY, e.bronze().key())
                                        .append(ImageDocument.BYTES, e.bytes())
                                        .append(ImageDocument.CONTENT_TYPE, e.contentType())
                                        .append(ImageDocument.SHA256, e.sha256())
                                        .append("declared_content_type", e.declaredContentType())
                                        .append(ImageDocument.AT, Date.from(e.occurredAt()))));
            case ImageNormalized e -> {
                List<Bson> set = new ArrayList<>(List.of(
                        Updates.set(WIDTH, e.width()),
                        Updates.set(HEIGHT, e.height()),
                        Updates.set(NORMALIZED_AT, Date.from(e.occurredAt())),
                        Updates.set(PIPELINE_VERSION, e.pipelineVersion()),
                        Updates.set(
                                ImageDocument.zone("silver"),
                                new Document(ImageDocument.BUCKET, e.silver().bucket())
                                        .append(ImageDocument.KEY, e.silver().key())
                                        .append(ImageDocument.WIDTH, e.width())
                                        .append(ImageDocument.HEIGHT, e.height())
                                        .append(ImageDocument.FORMAT, e.format())
                                        .append(ImageDocument.BYTES, e.bytes())
                                        .append(ImageDocument.SHA256, e.sha256())
                                        .append(ImageDocument.AT, Date.from(e.occurredAt())))));
                if (e.original() != null) {
                    set.add(Updates.set(
                            ORIGINAL,
                            new Document(ImageDocument.WIDTH, e.original().width())
                                    .append(ImageDocument.HEIGHT, e.original().height())
                                    .append(ImageDocument.FORMAT, e.original().format())
                                    .append("orientation", e.original().orientation())
                                    .append("camera_make", e.original().cameraMake())
                                    .append("camera_model", e.original().cameraModel())));
                }
                if (e.caption() != null) {
                    set.add(Updates.set(
                            CAPTION,
                            new Document(ImageDocument.CAPTION_TEXT, e.caption().original())
                                    .append(
                                            ImageDocument.CAPTION_NORMALIZED,
                                            e.caption().normalized())
                                    .append(
                                            ImageDocument.CAPTION_TOKENS,
                                            e.caption().tokens())
                                    .append(
                                            ImageDocument.CAPTION_LANGUAGE,
                                            e.caption().language())));
                    set.add(Updates.set(LANGUAGE, e.caption().language()));
                }
                if (e.features() != null) {
                    set.add(Updates.set(
                            FEATURES,
                            new Document("phash", e.features().phash())
                                    .append("blur", e.features().blur())
                                    .append("brightness", e.features().brightness())
                                    .append("contrast", e.features().contrast())));
                }
                yield set;
            }
            case ImageRejected e ->
                List.of(
                        Updates.set(
                                REASONS,
                                e.reasons().stream()
                                        .map(r -> new Document(ImageDocument.REASON_CODE, r.code())
                                                .append(ImageDocument.REASON_DETAIL, r.detail()))
                                        .toList()),
                        Updates.set(DUPLICATE_OF, e.duplicateOf()));
            case ImagePromoted e ->
                List.of(Updates.set(
                        ImageDocument.zone("gold"),
                        new Document(ImageDocument.BUCKET, e.gold().bucket())
                                .append(ImageDocument.KEY, e.gold().key())
                                .append(ImageDocument.AT, Date.from(e.occurredAt()))));
        };
    }

    private static Document lineage(ImageEvent event) {
        String[] zones = switch (event) {
            case ImageIngested ignored -> new String[] {null, "bronze"};
            case ImageNormalized ignored -> new String[] {"bronze", "silver"};
            case ImagePromoted ignored -> new String[] {"silver", "gold"};
            case ImageRejected ignored -> new String[] {"bronze", "quarantine"};
        };
        String pipelineVersion = StatusRule.pipelineVersion(event);
        return new Document(ImageDocument.EVENT, event.getClass().getSimpleName())
                .append("event_id", event.eventId())
                .append(ImageDocument.FROM, zones[0])
                .append(ImageDocument.TO, zones[1])
                .append("pipeline_version", pipelineVersion)
                .append(ImageDocument.AT, Date.from(event.occurredAt()));
    }
}
