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
import com.mongodb.bulk.BulkWriteError;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
     * seven round trips each: the facts of all in one bulk (an event applied before fails in it with E11000, exactly
     * as its own upsert would; unordered, so one repeat does not hold up the rest, and the embedded server went on
     * past an error even in an ordered bulk); then every touched image read at once, and its status moves and feed
     * numbers in one update each ({@link #settle}). The embedded server commits once per command and scans nothing
     * by id, so this is where its time went (JFR, bench/catalog-throughput.sh). A failure leaves some steps done:
     * each is idempotent, and the caller applies the events one by one to find the failing one.
     */
    public void applyAll(List<ImageEvent> events) {
        int n = events.size();
        if (n == 0) {
            return;
        }
        List<UpdateOneModel<Document>> upserts = new ArrayList<>(n);
        for (ImageEvent event : events) {
            upserts.add(new UpdateOneModel<>(notYetApplied(event), facts(event), new UpdateOptions().upsert(true)));
        }
        boolean[] repeat = new boolean[n];
        int repeats = 0;
        BulkWriteResult result;
        try {
            result = images.bulkWrite(upserts, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                // E11000: this one was applied before (or its image is erased), exactly as its own upsert would say
                repeat[error.getIndex()] = true;
                repeats++;
            }
            result = e.getWriteResult();
        }
        if (result.getMatchedCount() + result.getUpserts().size() + repeats != n) {
            throw new IllegalStateException("the bulk projection's counts do not add up to its events");
        }
        boolean[] inserted = new boolean[n];
        for (BulkWriteUpsert upsert : result.getUpserts()) {
            inserted[upsert.getIndex()] = true;
        }
        List<ImageEvent> toAdvance = new ArrayList<>();
        List<ImageEvent> toFeeds = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ImageEvent event = events.get(i);
            if (repeat[i]) {
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
        settle(toAdvance, feedEntries(toFeeds));
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
        advanceStatus(event);
        return true;
    }

    /** Also for a redelivered event: a crash may have come between projecting it and this. */
    private void enterFeed(List<ImageEvent> events) {
        feeds.enterAll(feedEntries(events));
    }

    private static List<FeedSequencer.Entry> feedEntries(List<ImageEvent> events) {
        List<FeedSequencer.Entry> entries = new ArrayList<>();
        for (ImageEvent event : events) {
            switch (event) {
                case ImageNormalized e -> entries.add(new FeedSequencer.Entry(e.imageId(), FeedZone.SILVER));
                case ImagePromoted e -> entries.add(new FeedSequencer.Entry(e.imageId(), FeedZone.GOLD));
                default -> {}
            }
        }
        return entries;
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
                advanceStatus(event);
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
    private void advanceStatus(ImageEvent event) {
        for (int attempt = 0; attempt < STATUS_ATTEMPTS; attempt++) {
            Document current = images.find(Filters.eq(ID, event.imageId()))
                    .projection(STATUS_FIELDS)
                    .first();
            StatusChange change = current == null ? null : StatusChange.of(current, event);
            if (change == null
                    || images.updateOne(StatusChange.unchanged(current), change.update(clock.instant()))
                                    .getModifiedCount()
                            > 0) {
                return;
            }
        }
        meters.counter("lake.catalog.status.contended").increment();
    }

    /**
     * What {@link #advanceStatus} and {@link FeedSequencer#enterAll} do for each event, for a poll's events in one
     * read and one bulk: each image is read once; each event's status move is decided on what the poll's earlier
     * events leave, and an image's moves become one update from what was read to where the last leaves it,
     * conditional on what was read; its new feed numbers join that update. If any condition no longer held (a
     * concurrent writer), each event is decided again by itself and the feeds entered again: a move is monotonic
     * and conditional and a number is set with {@code $min}, so a repeat changes nothing (a number reserved twice
     * is a gap readers step over).
     */
    private void settle(List<ImageEvent> toAdvance, List<FeedSequencer.Entry> entries) {
        List<String> ids = Stream.concat(
                        toAdvance.stream().map(ImageEvent::imageId),
                        entries.stream().map(FeedSequencer.Entry::imageId))
                .distinct()
                .toList();
        if (ids.isEmpty()) {
            return;
        }
        Map<String, Document> read = new HashMap<>();
        images.find(Filters.in(ID, ids))
                .projection(Projections.fields(STATUS_FIELDS, FeedSequencer.NUMBERS))
                .forEach(d -> read.put(d.getString(ID), d));
        Map<String, Document> state = new HashMap<>(read);
        Map<String, StatusChange> moves = new LinkedHashMap<>();
        for (ImageEvent event : toAdvance) {
            Document stored = state.get(event.imageId());
            StatusChange change = stored == null ? null : StatusChange.of(stored, event);
            if (change != null) {
                moves.merge(event.imageId(), change, StatusChange::then);
                state.put(event.imageId(), change.after());
            }
        }
        Map<String, List<Bson>> updates = feeds.number(entries, read);
        moves.forEach((id, change) ->
                updates.computeIfAbsent(id, k -> new ArrayList<>()).add(change.update(clock.instant())));
        List<UpdateOneModel<Document>> writes = new ArrayList<>(updates.size());
        updates.forEach((id, update) -> writes.add(new UpdateOneModel<>(
                moves.containsKey(id) ? StatusChange.unchanged(read.get(id)) : Filters.eq(ID, id),
                Updates.combine(update))));
        if (writes.isEmpty()
                || images.bulkWrite(writes, new BulkWriteOptions().ordered(false))
                                .getMatchedCount()
                        == writes.size()) {
            return;
        }
        toAdvance.forEach(this::advanceStatus);
        feeds.enterAll(entries);
    }

    private static final Bson STATUS_FIELDS =
            Projections.include(STATUS, STATUS_RANK, STATUS_VERSION, STATUS_VERSION_AT);

    /** One status move: where it leaves the status, and whether it clears an older version's verdict. */
    private record StatusChange(Document after, boolean clearsVerdict) {

        /** The move the event makes on the stored status, or null if none. */
        static StatusChange of(Document current, ImageEvent event) {
            ImageStatus status = StatusRule.statusOf(event);
            String version = StatusRule.pipelineVersion(event);
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
                    .append(STATUS_VERSION, version == null ? currentVersion : version)
                    .append(
                            STATUS_VERSION_AT,
                            version == null
                                    ? currentAt
                                    : move == StatusRule.Move.TAKE_OVER || currentAt == null || at.before(currentAt)
                                            ? at
                                            : currentAt);
            return new StatusChange(after, move.clearsVerdict(status));
        }

        /** This move, then {@code next} from where this one leaves the status: one update from before both. */
        StatusChange then(StatusChange next) {
            return new StatusChange(next.after(), clearsVerdict || next.clearsVerdict());
        }

        /** Conditional on what was read: nothing in between moved the status. */
        static Bson unchanged(Document read) {
            return AllOf.of(
                    Filters.eq(ID, read.get(ID)),
                    Filters.eq(STATUS_RANK, read.getInteger(STATUS_RANK)),
                    Filters.eq(STATUS_VERSION, read.getString(STATUS_VERSION)),
                    Filters.eq(STATUS_VERSION_AT, read.getDate(STATUS_VERSION_AT)));
        }

        /** From what the condition read to {@link #after}. */
        Bson update(Instant now) {
            List<Bson> set = new ArrayList<>(List.of(
                    Updates.set(STATUS, after.getString(STATUS)),
                    Updates.set(STATUS_RANK, after.getInteger(STATUS_RANK)),
                    ImageDocument.changedAt(now)));
            if (clearsVerdict) {
                // the older version's verdict is no longer the image's
                set.add(Updates.unset(REASONS));
                set.add(Updates.unset(DUPLICATE_OF));
            }
            if (after.getString(STATUS_VERSION) != null) {
                set.add(Updates.set(STATUS_VERSION, after.getString(STATUS_VERSION)));
            }
            if (after.getDate(STATUS_VERSION_AT) != null) {
                set.add(Updates.set(STATUS_VERSION_AT, after.getDate(STATUS_VERSION_AT)));
            }
            return Updates.combine(set);
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
