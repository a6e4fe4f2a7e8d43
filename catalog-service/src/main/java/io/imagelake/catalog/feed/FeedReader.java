package io.imagelake.catalog.feed;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.imagelake.catalog.store.CatalogStore;
import io.imagelake.catalog.store.FeedZone;
import io.imagelake.catalog.store.ImageDocument;
import io.imagelake.contracts.CatalogColumns;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * Reads a zone's feed after a position. Numbers are handed out before the image that got one is
 * written, so a reader could see N+1 before N; it therefore stops at the first missing number —
 * unless the entry after the gap was written more than the grace ago, which means N was abandoned.
 * The position returned is the last number passed, so following it misses nothing.
 */
@Component
public class FeedReader {

    private final MongoCollection<Document> images;
    private final MongoCollection<Document> counters;
    private final FeedProperties properties;
    private final Clock clock;

    public FeedReader(CatalogStore store, FeedProperties properties, Clock clock) {
        this.clock = clock;
        this.images = store.images();
        this.counters = store.counters();
        this.properties = properties;
    }

    /**
     * The entries numbered {@code after+1 .. after+size}, by exact numbers: point lookups in the
     * unique sequence index, which every Mongo server (the embedded one included) answers without
     * scanning or sorting the collection, unlike a range query sorted by the sequence.
     */
    private NavigableMap<Long, Document> window(String seqField, String atField, long after, int size) {
        List<Long> numbers =
                LongStream.rangeClosed(after + 1, after + size).boxed().toList();
        NavigableMap<Long, Document> entries = new TreeMap<>();
        images.find(Filters.in(seqField, numbers))
                .projection(Projections.include(CatalogColumns.ID, CatalogColumns.CUSTOMER_ID, seqField, atField))
                .forEach(d -> entries.put(((Number) d.get(seqField)).longValue(), d));
        return entries;
    }

    /** The last number the zone's sequence handed out. */
    private long handedOut(FeedZone zone) {
        Document counter =
                counters.find(Filters.eq("_id", FeedSequencer.counterId(zone))).first();
        return counter == null ? 0 : ((Number) counter.get("seq")).longValue();
    }

    /** The tenant's documents in feed order, and the position to continue from. */
    public record Slice(List<Document> images, long position) {}

    public Slice read(String tenant, FeedZone zone, long after, int limit) {
        String seqField = ImageDocument.feedSeq(zone);
        String atField = ImageDocument.feedAt(zone);
        Instant abandonedBefore = clock.instant().minus(properties.gapGrace());
        int window = Math.min(1000, Math.max(100, limit * 4));
        List<String> ids = new ArrayList<>();
        long position = after;
        int scanned = 0;
        walk:
        while (ids.size() < limit && scanned < properties.maxScan()) {
            NavigableMap<Long, Document> entries = window(seqField, atField, position, window);
            if (entries.isEmpty()) {
                if (position >= handedOut(zone)) {
                    break; // the end of the feed
                }
                // numbers handed out but none written within the window (abandoned, or in flight): find the next entry
                Document next = images.find(Filters.gt(seqField, position))
                        .sort(Sorts.ascending(seqField))
                        .projection(
                                Projections.include(CatalogColumns.ID, CatalogColumns.CUSTOMER_ID, seqField, atField))
                        .first();
                if (next == null) {
                    break;
                }
                entries.put(((Number) next.get(seqField)).longValue(), next);
            }
            for (Map.Entry<Long, Document> entry : entries.entrySet()) {
                long seq = entry.getKey();
                if (seq != position + 1) {
                    Date writtenAt = entry.getValue().getDate(atField);
                    if (writtenAt == null || writtenAt.toInstant().isAfter(abandonedBefore)) {
                        break walk; // the missing number may still be written: do not pass it
                    }
                }
                position = seq;
                if (tenant.equals(entry.getValue().getString(CatalogColumns.CUSTOMER_ID))) {
                    ids.add(entry.getValue().getString(CatalogColumns.ID));
                    if (ids.size() >= limit) {
                        break walk;
                    }
                }
                if (++scanned >= properties.maxScan()) {
                    break walk;
                }
            }
        }
        Map<String, Document> byId = new HashMap<>();
        if (!ids.isEmpty()) {
            // by id alone (an index lookup everywhere); tombstones are dropped here
            images.find(Filters.in(CatalogColumns.ID, ids)).forEach(d -> {
                if (!ImageDocument.isErased(d)) {
                    byId.put(d.getString(CatalogColumns.ID), d);
                }
            });
        }
        return new Slice(ids.stream().map(byId::get).filter(Objects::nonNull).toList(), position);
    }
}
