package io.imagelake.catalog.datasets;

import io.imagelake.catalog.store.ImageDocument;
import io.imagelake.contracts.CatalogColumns;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * One image's line in a version's JSON Lines manifest (also the shard's {@code <id>.json}): what a
 * trainer reads of it. Keys in a fixed order, so a version's bytes are reproducible.
 */
final class ManifestLine {

    private ManifestLine() {}

    static Map<String, Object> of(Document image, Document gold, SplitRatios.Split split, String shardKey) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", image.getString(CatalogColumns.ID));
        line.put("split", split.id());
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("gold", objectPath(gold));
        Document silver = ImageDocument.zoneOf(image, "silver");
        if (silver != null) {
            keys.put("silver", objectPath(silver));
        }
        keys.put("shard", shardKey);
        line.put("keys", keys);
        Document caption = image.get(ImageDocument.CAPTION, Document.class);
        if (caption != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("original", caption.getString(ImageDocument.CAPTION_TEXT));
            c.put("normalized", caption.getString(ImageDocument.CAPTION_NORMALIZED));
            c.put("tokens", caption.getList(ImageDocument.CAPTION_TOKENS, String.class, List.of()));
            c.put("language", caption.getString(ImageDocument.CAPTION_LANGUAGE));
            line.put("caption", c);
        }
        line.put("tags", image.getList(CatalogColumns.TAGS, String.class, List.of()));
        Document features = image.get(ImageDocument.FEATURES, Document.class);
        line.put("features", features == null ? null : new LinkedHashMap<>(features));
        line.put("width", image.get(CatalogColumns.WIDTH));
        line.put("height", image.get(CatalogColumns.HEIGHT));
        line.put("pipelineVersion", image.getString(CatalogColumns.PIPELINE_VERSION));
        return line;
    }

    /** The caption text a shard stores beside the image ({@code <id>.txt}): normalized source first, else as sent. */
    static String captionText(Document image) {
        Document caption = image.get(ImageDocument.CAPTION, Document.class);
        return caption != null
                ? caption.getString(ImageDocument.CAPTION_TEXT)
                : image.getString(ImageDocument.CAPTION_ORIGINAL);
    }

    private static String objectPath(Document zone) {
        return zone.getString(ImageDocument.BUCKET) + "/" + zone.getString(ImageDocument.KEY);
    }
}
