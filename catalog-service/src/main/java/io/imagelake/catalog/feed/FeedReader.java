package io.imagelake.catalog.feed;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.imagelake.catalog.store.CatalogStore;
import io.imagelake.catalog.store.FeedZone;
import io.imagelake.catalog.store.ImageDocument;
import io.imagelake.contracts.CatalogColumns;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
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
     * scanning or sorting the collection, unlike a range query sorted by the sequence. Whole documents:
     * the tenant's become the page as they are, so each is read once (reading numbers first and the
     * documents by id after made the server find and decode every one of them twice).
     */
    private NavigableMap<Long, Document> window(String seqField, long after, int size) {
        List<Long> numbers =
                LongStream.rangeClosed(after + 1, after + size).boxed().toList();
        NavigableMap<Long, Document> entries = new TreeMap<>();
        images.find(Filters.in(seqField, numbers)).forEach(d -> entries.put(((Number) d.get(seqField)).longValue(), d));
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
        // the first window is the page (a lake of one tenant reads nothing more); later ones skip other
        // tenants' entries in bigger steps
        int window = limit;
        List<Document> page = new ArrayList<>();
        long position = after;
        int scanned = 0;
        walk:
        while (page.size() < limit && scanned < properties.maxScan()) {
            NavigableMap<Long, Document> entries = window(seqField, position, window);
            window = Math.min(1000, Math.max(100, limit * 4));
            if (entries.isEmpty()) {
                if (position >= handedOut(zone)) {
                    break; // the end of the feed
                }
                // numbers handed out but none written within the window (abandoned, or in flight): find the next entry
                Document next = images.find(Filters.gt(seqField, position))
                        .sort(Sorts.ascending(seqField))
                        .first();
                if (next == null) {
                    break;
                }
                entries.put(((Number) next.get(seqField)).longValue(), next);
            }
            for (Map.Entry<Long, Document> entry : entries.entrySet()) {
                long seq = entry.getKey();
                Document image = entry.getValue();
                if (seq != position + 1) {
                    Date writtenAt = image.getDate(atField);
                    if (writtenAt == null || writtenAt.toInstant().isAfter(abandonedBefore)) {
                        break walk; // the missing number may still be written: do not pass it
                    }
                }
                position = seq;
                // tombstones keep their number (the feed passes them) but are never shown
                if (tenant.equals(image.getString(CatalogColumns.CUSTOMER_ID)) && !ImageDocument.isErased(image)) {
                    page.add(image);
                    if (page.size() >= limit) {
                        break walk;
                    }
                }
                if (++scanned >= properties.maxScan()) {
                    break walk;
                }
            }
        }
        return new Slice(List.copyOf(page), position);
    }
}
