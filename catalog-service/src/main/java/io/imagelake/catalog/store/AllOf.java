package io.imagelake.catalog.store;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.Filters;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

/**
 * A conjunction of filters as one flat document ({@code {_id: x, a: {$ne: y}}}) instead of the
 * driver's {@code {$and: [...]}}. Both mean the same to MongoDB, but the embedded server picks an
 * index only for a flat query naming the index's fields: with {@code $and} every update by id
 * scanned the whole collection. Two conditions on one field merge into one operator document
 * ({@code {created_at: {$exists: true, $gte: a, $lt: b}}}); only when they cannot (an equality and an
 * operator, or the same operator twice) does it fall back to {@code $and}. Real MongoDB plans both
 * forms alike, so the flat one costs nothing there.
 */
public final class AllOf {

    private AllOf() {}

    public static Bson of(Bson... filters) {
        BsonDocument flat = new BsonDocument();
        for (Bson filter : filters) {
            BsonDocument rendered =
                    filter.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
            for (var entry : rendered.entrySet()) {
                BsonValue existing = flat.get(entry.getKey());
                if (existing == null) {
                    flat.put(entry.getKey(), entry.getValue());
                } else if (operators(existing)
                        && operators(entry.getValue())
                        && entry.getValue().asDocument().keySet().stream()
                                .noneMatch(existing.asDocument()::containsKey)) {
                    existing.asDocument().putAll(entry.getValue().asDocument());
                } else {
                    return Filters.and(filters);
                }
            }
        }
        return flat;
    }

    private static boolean operators(BsonValue value) {
        return value.isDocument()
                && !value.asDocument().isEmpty()
                && value.asDocument().keySet().stream().allMatch(key -> key.startsWith("$"));
    }

    public static Bson of(List<Bson> filters) {
        return of(filters.toArray(Bson[]::new));
    }
}
