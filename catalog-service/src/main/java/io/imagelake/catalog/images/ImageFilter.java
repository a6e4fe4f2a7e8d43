package io.imagelake.catalog.images;

import com.mongodb.client.model.Filters;
import io.imagelake.catalog.store.AllOf;
import io.imagelake.catalog.store.ImageDocument;
import io.imagelake.contracts.CatalogColumns;
import io.imagelake.contracts.ImageStatus;
import io.imagelake.support.errors.InvalidRequestException;
import io.imagelake.support.web.TimeBounds;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.bson.conversions.Bson;

/**
 * Which of a tenant's images a listing or a dataset covers. Every field is optional; all that are
 * set must hold. One definition, so a dataset's filter means exactly what the same listing shows.
 *
 * @param status   an {@link ImageStatus} name (any case)
 * @param zone     bronze, silver or gold: images that reached the zone
 * @param from     ISO date or instant, inclusive (receive time)
 * @param to       ISO date or instant, exclusive (a date includes its day)
 * @param tag      one tag the image carries
 * @param q        a caption word, matched like the normalizer tokenizes (NFC, lower case)
 * @param language the caption's detected language
 */
public record ImageFilter(String status, String zone, String from, String to, String tag, String q, String language) {

    public static ImageFilter none() {
        return new ImageFilter(null, null, null, null, null, null, null);
    }

    /** Checks every field, so a bad filter is a 400 before anything is built on it. */
    public ImageFilter validated() {
        toBson("validation");
        return this;
    }

    /** The Mongo filter: the tenant's live (not erased) images that match. */
    public Bson toBson(String tenant) {
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.eq(CatalogColumns.CUSTOMER_ID, tenant));
        filters.add(Filters.exists(CatalogColumns.CREATED_AT));
        filters.add(ImageDocument.notErased());
        if (status != null) {
            filters.add(Filters.eq(CatalogColumns.STATUS, parseStatus(status)));
        }
        if (zone != null) {
            if (!ImageDocument.ZONE_NAMES.contains(zone)) {
                throw InvalidRequestException.of("zone", "one of bronze, silver, gold");
            }
            filters.add(Filters.exists(ImageDocument.zone(zone)));
        }
        if (from != null) {
            filters.add(Filters.gte(CatalogColumns.CREATED_AT, Date.from(TimeBounds.parse("from", from, false))));
        }
        if (to != null) {
            filters.add(Filters.lt(CatalogColumns.CREATED_AT, Date.from(TimeBounds.parse("to", to, true))));
        }
        if (tag != null) {
            filters.add(Filters.eq(CatalogColumns.TAGS, tag));
        }
        if (q != null && !q.isBlank()) {
            String word = Normalizer.normalize(q.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
            filters.add(Filters.eq(ImageDocument.captionTokens(), word));
        }
        if (language != null) {
            filters.add(Filters.eq(CatalogColumns.LANGUAGE, language));
        }
        return AllOf.of(filters);
    }

    private static String parseStatus(String status) {
        String upper = status.toUpperCase(Locale.ROOT);
        if (Arrays.stream(ImageStatus.values()).noneMatch(s -> s.name().equals(upper))) {
            throw InvalidRequestException.of("status", "one of " + Arrays.toString(ImageStatus.values()));
        }
        return upper;
    }
}
