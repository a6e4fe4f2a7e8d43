package io.imagelake.catalog.feed;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.imagelake.catalog.store.CatalogStore;
import io.imagelake.catalog.store.FeedZone;
import io.imagelake.catalog.store.ImageDocument;
import io.imagelake.contracts.CatalogColumns;
import java.util.Date;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * Gives an image its place in a zone's feed the first time it enters the zone: the next number of
 * the zone's sequence (an atomic {@code $inc} on a counter document), set on the image only if it
 * has none yet, so an image enters each zone's feed exactly once however often its event arrives.
 * A number lost to a race or a crash leaves a gap that {@link FeedReader} steps over after a grace.
 */
@Component
public class FeedSequencer {

    private final MongoCollection<Document> images;
    private final MongoCollection<Document> counters;

    public FeedSequencer(CatalogStore store) {
        this.images = store.images();
        this.counters = store.counters();
    }

    public static String counterId(FeedZone zone) {
        return "feed:" + zone.id();
    }

    /**
     * Enters the image into the zone's feed if it is not in it yet. Reads and writes by id alone
     * (index lookups on every Mongo server). The number is set with {@code $min}: if two deliveries
     * race, the image keeps the smaller number and the other becomes a gap readers step over.
     */
    public void enter(String imageId, FeedZone zone) {
        Document current = images.find(Filters.eq(CatalogColumns.ID, imageId))
                .projection(Projections.include(ImageDocument.feedSeq(zone)))
                .first();
        if (current == null || current.containsKey(ImageDocument.feedSeq(zone))) {
            return;
        }
        Document counter = counters.findOneAndUpdate(
                Filters.eq("_id", counterId(zone)),
                Updates.inc("seq", 1L),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        long seq = ((Number) counter.get("seq")).longValue();
        images.updateOne(
                Filters.eq(CatalogColumns.ID, imageId),
                Updates.combine(
                        Updates.min(ImageDocument.feedSeq(zone), seq),
                        Updates.max(ImageDocument.feedAt(zone), new Date())));
    }
}
