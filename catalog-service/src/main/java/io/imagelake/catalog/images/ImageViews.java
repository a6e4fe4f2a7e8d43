package io.imagelake.catalog.images;

import io.imagelake.catalog.store.ImageDocument;
import io.imagelake.contracts.CatalogColumns;
import io.imagelake.contracts.ObjectKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.stereotype.Component;

/** Turns a catalog document into the contract's view, presigning each zone's object. */
@Component
public class ImageViews {

    private final Presigner presigner;

    public ImageViews(Presigner presigner) {
        this.presigner = presigner;
    }

    public ImageView toView(Document doc, boolean withLineage) {
        Map<String, Map<String, Object>> zones = new LinkedHashMap<>();
        for (String zone : ImageDocument.ZONE_NAMES) {
            Document z = ImageDocument.zoneOf(doc, zone);
            if (z != null) {
                Map<String, Object> view = zoneView(z);
                String version = doc.getString(CatalogColumns.PIPELINE_VERSION);
                if ("silver".equals(zone) && version != null) {
                    // the normalizer writes it beside the silver rendition of the same pipeline version
                    view.put(
                            "thumbnailUrl",
                            presigner.get(
                                    z.getString(ImageDocument.BUCKET),
                                    ObjectKeys.silverThumbnail(
                                            doc.getString(CatalogColumns.CUSTOMER_ID),
                                            doc.getString(CatalogColumns.ID),
                                            version)));
                }
                zones.put(zone, view);
            }
        }
        Document caption = doc.get(ImageDocument.CAPTION, Document.class);
        ImageView.Caption captionView = caption != null
                ? new ImageView.Caption(
                        caption.getString(ImageDocument.CAPTION_TEXT),
                        caption.getString(ImageDocument.CAPTION_NORMALIZED),
                        caption.getList(ImageDocument.CAPTION_TOKENS, String.class),
                        caption.getString(ImageDocument.CAPTION_LANGUAGE))
                : doc.getString(ImageDocument.CAPTION_ORIGINAL) != null
                        ? new ImageView.Caption(doc.getString(ImageDocument.CAPTION_ORIGINAL), null, null, null)
                        : null;
        List<Map<String, String>> reasons = new ArrayList<>();
        for (Document r : doc.getList(ImageDocument.REASONS, Document.class, List.of())) {
            reasons.add(Map.of(
                    "code",
                    r.getString(ImageDocument.REASON_CODE),
                    "detail",
                    String.valueOf(r.getString(ImageDocument.REASON_DETAIL))));
        }
        Document features = doc.get(ImageDocument.FEATURES, Document.class);
        return new ImageView(
                doc.getString(CatalogColumns.ID),
                doc.getString(CatalogColumns.CUSTOMER_ID),
                doc.getString(CatalogColumns.SOURCE),
                doc.getString(CatalogColumns.STATUS),
                doc.getString(CatalogColumns.STATUS_VERSION),
                zones,
                captionView,
                doc.getList(CatalogColumns.TAGS, String.class, List.of()),
                features == null ? null : new LinkedHashMap<>(features),
                reasons,
                doc.getString(ImageDocument.DUPLICATE_OF),
                instant(doc.getDate(CatalogColumns.CREATED_AT)),
                instant(doc.getDate(CatalogColumns.SOURCE_TIME)),
                instant(doc.getDate(CatalogColumns.UPDATED_AT)),
                withLineage ? lineage(doc) : null);
    }

    private Map<String, Object> zoneView(Document z) {
        Map<String, Object> view = new LinkedHashMap<>();
        for (String field : List.of(
                ImageDocument.KEY,
                ImageDocument.BYTES,
                ImageDocument.CONTENT_TYPE,
                ImageDocument.SHA256,
                ImageDocument.WIDTH,
                ImageDocument.HEIGHT,
                ImageDocument.FORMAT)) {
            Object value = z.get(field);
            if (value != null) {
                view.put(field.equals(ImageDocument.CONTENT_TYPE) ? "contentType" : field, value);
            }
        }
        view.put("url", presigner.get(z.getString(ImageDocument.BUCKET), z.getString(ImageDocument.KEY)));
        return view;
    }

    private static List<Map<String, Object>> lineage(Document doc) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Document step : doc.getList(ImageDocument.LINEAGE, Document.class, List.of())) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("event", step.getString("event"));
            view.put("from", step.getString("from"));
            view.put("to", step.getString("to"));
            view.put("pipelineVersion", step.getString("pipeline_version"));
            view.put("at", instant(step.getDate("at")));
            out.add(view);
        }
        return out;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
