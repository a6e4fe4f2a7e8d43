package io.imagelake.catalog.store;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.imagelake.contracts.CatalogColumns;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The catalog's image document, one per image, named in one place. Its SQL face (the columns
 * Trino shows analysts) is {@link CatalogColumns}, shared with query-service; every other field is
 * named here, so each feature package (projection, images, feed, datasets, retention, integrity)
 * reads and writes the document by these names and none defines a field another one uses.
 */
public final class ImageDocument {

    // --- top-level fields; those the marts read are named in CatalogColumns (the SQL face) and aliased here ---
    /** Rank of {@link CatalogColumns#STATUS} ({@code ImageStatus.rank()}): statuses only move forwards. */
    public static final String STATUS_RANK = "status_rank";
    /** When the pipeline version of {@link CatalogColumns#STATUS_VERSION} first gave a verdict. */
    public static final String STATUS_VERSION_AT = "status_version_at";
    /** Ids of the events already projected (redeliveries change nothing). */
    public static final String APPLIED_EVENTS = "applied_events";
    /** The zone steps the image took: {@code [{event, event_id, from, to, pipeline_version, at}]}. */
    public static final String LINEAGE = CatalogColumns.LINEAGE;
    /** Each zone's object: {@code {bronze: {...}, silver: {...}, gold: {...}}}, see {@link #zone(String)}. */
    public static final String ZONES = CatalogColumns.ZONES;
    /** The normalized caption: {@code {original, normalized, tokens, language}}. */
    public static final String CAPTION = CatalogColumns.CAPTION;
    /** The caption as the client sent it, before normalization. */
    public static final String CAPTION_ORIGINAL = "caption_original";

    public static final String CAPTURED_AT = CatalogColumns.CAPTURED_AT;
    public static final String DEVICE = "device";
    public static final String ATTRIBUTES = "attributes";
    /** What the original was: {@code {width, height, format, orientation, camera_make, camera_model}}. */
    public static final String ORIGINAL = CatalogColumns.ORIGINAL;
    /** Whole-frame features: {@code {phash, blur, brightness, contrast}}. */
    public static final String FEATURES = CatalogColumns.FEATURES;
    /** Why it was rejected: {@code [{code, detail}]}. */
    public static final String REASONS = CatalogColumns.REASONS;
    /** The tenant's earlier image this one repeats. */
    public static final String DUPLICATE_OF = CatalogColumns.DUPLICATE_OF;
    /** Set when a tenant erased the image: the document is a tombstone from then on. */
    public static final String ERASED_AT = "erased_at";
    /** When retention deleted a zone's object: {@code {silver: <date>, ...}}. */
    public static final String EXPIRED = "expired";
    /** The dataset versions holding the image back from retention ({@code <name>@<version>}). */
    public static final String DATASET_REFS = CatalogColumns.DATASET_REFS;

    // --- fields of a zone's object, of the caption, of a lineage step, of a reason ---
    public static final String BUCKET = "bucket";
    public static final String KEY = "key";
    public static final String BYTES = "bytes";
    public static final String CONTENT_TYPE = "content_type";
    public static final String SHA256 = "sha256";
    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";
    public static final String FORMAT = "format";
    public static final String AT = "at";
    public static final String CAPTION_TEXT = "original";
    public static final String CAPTION_NORMALIZED = "normalized";
    public static final String CAPTION_TOKENS = "tokens";
    public static final String CAPTION_LANGUAGE = "language";
    public static final String EVENT = "event";
    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String REASON_CODE = "code";
    public static final String REASON_DETAIL = "detail";

    /** The zones an image's objects live in, in pipeline order. */
    public static final List<String> ZONE_NAMES = List.of("bronze", "silver", "gold");

    private ImageDocument() {}

    /** The dotted path of a zone's object, e.g. {@code zones.gold}. */
    public static String zone(String zone) {
        return ZONES + "." + zone;
    }

    /** The words of the caption as the normalizer tokenized them (what {@code q=} matches). */
    public static String captionTokens() {
        return CAPTION + "." + CAPTION_TOKENS;
    }

    /** The image's number in a zone's feed (unique, sparse: only images in the zone have one). */
    public static String feedSeq(FeedZone zone) {
        return "feed_seq_" + zone.id();
    }

    /** When the image entered a zone's feed. */
    public static String feedAt(FeedZone zone) {
        return "feed_at_" + zone.id();
    }

    /** Every write of an image document says when it wrote, by the catalog's clock: the marts read from there. */
    public static Bson changedAt(Instant now) {
        return Updates.set(CatalogColumns.CHANGED_AT, Date.from(now));
    }

    /** Matches documents that are not tombstones. */
    public static Bson notErased() {
        return Filters.exists(ERASED_AT, false);
    }

    public static boolean isErased(Document image) {
        return image.containsKey(ERASED_AT);
    }

    /** A zone's object of the image, or null if the image has none in that zone. */
    public static Document zoneOf(Document image, String zone) {
        Document zones = image.get(ZONES, Document.class);
        return zones == null ? null : zones.get(zone, Document.class);
    }
}
