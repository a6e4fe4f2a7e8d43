package io.imagelake.catalog.feed;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.imagelake.catalog.store.CatalogStore;
import io.imagelake.contracts.CatalogColumns;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a zone's feed after a position. Numbers are handed out before the image that got one is
 * written, so a reader could see N+1 before N; it therefore stops at the first missing number —
 * unless the entry after the gap was written more than the grace ago, which means N was abandoned.
 * The position returned is the last number passed, so following it misses nothing.
 */
@Component
public class FeedReader {

    private final MongoCollection<Document> images;
    private final FeedProperties properties;
    private final Clock clock = Clock.systemUTC();

    public FeedReader(CatalogStore store, FeedProperties properties) {
        this.images = store.images();
        this.properties = properties;
    }

    /** The tenant's documents in feed order, and the position to continue from. */
    public record Slice(List<Document> images, long position) {
    }

    public Slice read(String tenant, FeedZone zone, long after, int limit) {
        String seqField = FeedSequencer.seqField(zone);
        String atField = FeedSequencer.atField(zone);
        Instant abandonedBefore = clock.instant().minus(properties.gapGrace());
        List<String> ids = new ArrayList<>();
        long position = after;
        int scanned = 0;
        for (Document entry : images.find(Filters.gt(seqField, after)).sort(Sorts.ascending(seqField))
                .projection(Projections.include(CatalogColumns.ID, CatalogColumns.CUSTOMER_ID, seqField, atField))
                .batchSize(Math.min(1000, Math.max(100, limit * 4)))) {
            long seq = ((Number) entry.get(seqField)).longValue();
            if (seq != position + 1) {
                Date writtenAt = entry.getDate(atField);
                if (writtenAt == null || writtenAt.toInstant().isAfter(abandonedBefore)) {
                    break; // the missing number may still be written: do not pass it
                }
            }
            position = seq;
            if (tenant.equals(entry.getString(CatalogColumns.CUSTOMER_ID))) {
                ids.add(entry.getString(CatalogColumns.ID));
                if (ids.size() >= limit) {
                    break;
                }
            }
            if (++scanned >= properties.maxScan()) {
                break;
            }
        }
        Map<String, Document> byId = new HashMap<>();
        if (!ids.isEmpty()) {
            images.find(Filters.and(Filters.in(CatalogColumns.ID, ids),
                    Filters.exists(io.imagelake.catalog.retention.ImageEraser.ERASED_AT, false)))
                    .forEach(d -> byId.put(d.getString(CatalogColumns.ID), d));
        }
        return new Slice(ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList(), position);
    }
}
