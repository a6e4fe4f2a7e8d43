package io.imagelake.catalog.feed;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import io.imagelake.catalog.store.CatalogStore;
import io.imagelake.catalog.store.FeedZone;
import io.imagelake.catalog.store.ImageDocument;
import io.imagelake.contracts.CatalogColumns;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
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

    /** An image entering a zone's feed. */
    public record Entry(String imageId, FeedZone zone) {}

    /**
     * Enters each image into its zone's feed if it is not in it yet: one read of them all by id, one counter
     * increment per zone reserving as many numbers as images need one, one bulk of writes. The numbers are set with
     * {@code $min}: if two deliveries race, the image keeps the smaller number and the other becomes a gap readers
     * step over; so does a number reserved by a poll that crashed before its writes.
     */
    public void enterAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Map<String, Document> current = new HashMap<>();
        images.find(Filters.in(
                        CatalogColumns.ID,
                        entries.stream().map(Entry::imageId).distinct().toList()))
                .projection(NUMBERS)
                .forEach(d -> current.put(d.getString(CatalogColumns.ID), d));
        List<UpdateOneModel<Document>> numbers = new ArrayList<>();
        number(entries, current)
                .forEach((id, update) ->
                        numbers.add(new UpdateOneModel<>(Filters.eq(CatalogColumns.ID, id), Updates.combine(update))));
        if (!numbers.isEmpty()) {
            images.bulkWrite(numbers, new BulkWriteOptions().ordered(false));
        }
    }

    /** An image's feed numbers: what a read deciding which numbers are missing projects. */
    public static final Bson NUMBERS =
            Projections.include(ImageDocument.feedSeq(FeedZone.SILVER), ImageDocument.feedSeq(FeedZone.GOLD));

    /**
     * Reserves the numbers the entries need: one for each entry whose image is in {@code current} (read with
     * {@link #NUMBERS}) without a number in the entry's zone, one counter increment per zone. Returns, by image, the
     * updates that give it its numbers ({@code $min}: if two deliveries race, the image keeps the smaller number and
     * the other becomes a gap readers step over), in a list the caller may add its own updates of the image to.
     */
    public Map<String, List<Bson>> number(List<Entry> entries, Map<String, Document> current) {
        Map<FeedZone, Set<String>> missing = new EnumMap<>(FeedZone.class);
        for (Entry entry : entries) {
            Document image = current.get(entry.imageId());
            if (image != null && !image.containsKey(ImageDocument.feedSeq(entry.zone()))) {
                missing.computeIfAbsent(entry.zone(), zone -> new LinkedHashSet<>())
                        .add(entry.imageId());
            }
        }
        Map<String, List<Bson>> updates = new LinkedHashMap<>();
        Date now = new Date();
        missing.forEach((zone, ids) -> {
            Document counter = counters.findOneAndUpdate(
                    Filters.eq("_id", counterId(zone)),
                    Updates.inc("seq", (long) ids.size()),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
            long seq = ((Number) counter.get("seq")).longValue() - ids.size();
            for (String id : ids) {
                updates.computeIfAbsent(id, k -> new ArrayList<>())
                        .add(Updates.combine(
                                Updates.min(ImageDocument.feedSeq(zone), ++seq),
                                Updates.max(ImageDocument.feedAt(zone), now)));
            }
        });
        return updates;
    }
}
