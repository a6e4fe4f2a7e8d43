package io.imagelake.catalog.datasets;

import io.imagelake.contracts.CatalogColumns;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;

/**
 * A dataset version's card in MLCommons Croissant 1.0 (JSON-LD): what a version holds (its shards
 * and manifest, with checksums), how to read its records (fields from the manifest, pixels from the
 * shards, one record set of splits) and where its images came from (the tenant's gold zone, the
 * filter, and tallies of the images' lineage). Every value derives from the version's fixed
 * membership, never from the build's clock, so a rebuild writes the same bytes. URLs are the API's
 * stable paths: they resolve against the base the card was fetched from.
 */
final class CroissantCard {

    /** Croissant 1.0's context, as the specification gives it, plus PROV-O and the lake's own terms. */
    private static final Map<String, Object> CONTEXT = context();

    private CroissantCard() {}

    /** What the build tallies of the images' lineage while it walks them. */
    static final class Lineage {
        private final Map<String, Integer> sources = new TreeMap<>();
        private final Map<String, Integer> pipelineVersions = new TreeMap<>();
        private Date firstReceived;
        private Date lastReceived;

        void add(Document image) {
            sources.merge(String.valueOf(image.getString(CatalogColumns.SOURCE)), 1, Integer::sum);
            pipelineVersions.merge(String.valueOf(image.getString(CatalogColumns.PIPELINE_VERSION)), 1, Integer::sum);
            Date received = image.getDate(CatalogColumns.CREATED_AT);
            if (received != null) {
                firstReceived = firstReceived == null || received.before(firstReceived) ? received : firstReceived;
                lastReceived = lastReceived == null || received.after(lastReceived) ? received : lastReceived;
            }
        }

        Map<String, Object> asJson() {
            Map<String, Object> lineage = new LinkedHashMap<>();
            lineage.put("sources", sources);
            lineage.put("pipelineVersions", pipelineVersions);
            lineage.put(
                    "receivedFrom",
                    firstReceived == null ? null : firstReceived.toInstant().toString());
            lineage.put(
                    "receivedTo",
                    lastReceived == null ? null : lastReceived.toInstant().toString());
            return lineage;
        }
    }

    /** The API path under which a version's files are served. */
    static String versionPath(String name, long version) {
        return "/api/v1/datasets/" + name + "/versions/" + version;
    }

    static Map<String, Object> of(
            Document version, List<Document> shards, Document manifest, Lineage lineage, String license) {
        String name = version.getString("name");
        long number = version.getLong("version");
        String base = versionPath(name, number);
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("@context", CONTEXT);
        card.put("@type", "sc:Dataset");
        card.put("@id", base);
        card.put("name", name);
        card.put(
                "description",
                "Version " + number + " of the ImageLake dataset '" + name + "' of tenant "
                        + version.getString(CatalogColumns.CUSTOMER_ID)
                        + ": normalized gold images with their captions and features, in WebDataset shards per split.");
        card.put("conformsTo", "http://mlcommons.org/croissant/1.0");
        card.put("version", number + ".0.0");
        card.put("license", license);
        card.put("url", base);
        card.put("dateCreated", version.getDate("created_at").toInstant().toString());
        card.put("distribution", distribution(base, shards, manifest));
        card.put("recordSet", List.of(splits(), records(), pixels(shards)));
        card.put("isBasedOn", basedOn(version));
        card.put("lake:lineage", lineage.asJson());
        return card;
    }

    private static List<Object> distribution(String base, List<Document> shards, Document manifest) {
        List<Object> files = new ArrayList<>();
        files.add(fileObject(
                "manifest.jsonl",
                base + "/manifest",
                "application/jsonlines",
                manifest.getLong("bytes"),
                manifest.getString("sha256")));
        Map<String, List<Object>> bySplit = new LinkedHashMap<>();
        for (Document shard : shards) {
            String id = shard.getString("name");
            files.add(fileObject(
                    id,
                    base + "/shards/" + id,
                    "application/x-tar",
                    shard.getLong("bytes"),
                    shard.getString("sha256")));
            bySplit.computeIfAbsent(shard.getString("split"), s -> new ArrayList<>())
                    .add(Map.of("@id", id));
        }
        bySplit.forEach((split, members) -> {
            Map<String, Object> set = new LinkedHashMap<>();
            set.put("@type", "cr:FileSet");
            set.put("@id", split + "-images");
            set.put("name", split + "-images");
            set.put("description", "the gold JPEGs of the " + split + " split, <image id>.jpg in its shards");
            set.put("containedIn", members);
            set.put("encodingFormat", "image/jpeg");
            set.put("includes", "*.jpg");
            files.add(set);
        });
        return files;
    }

    private static Map<String, Object> fileObject(
            String id, String url, String encodingFormat, long bytes, String sha256) {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("@type", "cr:FileObject");
        file.put("@id", id);
        file.put("name", id);
        file.put("contentUrl", url);
        file.put("contentSize", bytes + " B");
        file.put("encodingFormat", encodingFormat);
        file.put("sha256", sha256);
        return file;
    }

    private static Map<String, Object> splits() {
        Map<String, Object> set = recordSet("splits", "the splits: an image's split is fixed for the dataset's life");
        set.put("dataType", "cr:Split");
        set.put("key", Map.of("@id", "splits/name"));
        set.put("field", List.of(field("splits/name", "sc:Text", "the split's name", null)));
        set.put(
                "data",
                List.of(
                        Map.of("splits/name", "train"),
                        Map.of("splits/name", "validation"),
                        Map.of("splits/name", "test")));
        return set;
    }

    private static Map<String, Object> records() {
        Map<String, Object> set = recordSet("images", "one record per image, from the manifest");
        set.put("key", Map.of("@id", "images/id"));
        Map<String, Object> split = manifestField("images/split", "sc:Text", "the image's split", "$.split");
        split.put("references", Map.of("field", Map.of("@id", "splits/name")));
        Map<String, Object> tags = manifestField("images/tags", "sc:Text", "the client's tags", "$.tags[*]");
        tags.put("repeated", true);
        set.put(
                "field",
                List.of(
                        manifestField("images/id", "sc:Text", "the image's id", "$.id"),
                        split,
                        manifestField("images/caption", "sc:Text", "the caption as sent", "$.caption.original"),
                        manifestField(
                                "images/caption_normalized",
                                "sc:Text",
                                "the normalized caption",
                                "$.caption.normalized"),
                        manifestField("images/language", "sc:Text", "the caption's language", "$.caption.language"),
                        tags,
                        manifestField("images/width", "sc:Integer", "width of the original, pixels", "$.width"),
                        manifestField("images/height", "sc:Integer", "height of the original, pixels", "$.height"),
                        manifestField(
                                "images/pipeline_version",
                                "sc:Text",
                                "the normalizer version that made it",
                                "$.pipelineVersion")));
        return set;
    }

    private static Map<String, Object> pixels(List<Document> shards) {
        Map<String, Object> set = recordSet("pixels", "the gold image of each record, from the shards");
        List<Object> fields = new ArrayList<>();
        shards.stream().map(s -> s.getString("split")).distinct().forEach(split -> {
            String fileSet = split + "-images";
            Map<String, Object> id = field(
                    "pixels/" + split + "_id",
                    "sc:Text",
                    "the image's id",
                    Map.of(
                            "fileSet",
                            Map.of("@id", fileSet),
                            "extract",
                            Map.of("fileProperty", "filename"),
                            "transform",
                            Map.of("regex", "^(.+)\\.jpg$")));
            id.put("references", Map.of("field", Map.of("@id", "images/id")));
            fields.add(id);
            fields.add(field(
                    "pixels/" + split + "_image",
                    "sc:ImageObject",
                    "the gold JPEG",
                    Map.of("fileSet", Map.of("@id", fileSet), "extract", Map.of("fileProperty", "content"))));
        });
        set.put("field", fields);
        return set;
    }

    private static Map<String, Object> basedOn(Document version) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("@type", "sc:Dataset");
        source.put("name", "the gold zone of tenant " + version.getString(CatalogColumns.CUSTOMER_ID));
        source.put("url", "/api/v1/feed?zone=gold");
        Map<String, Object> selection = new LinkedHashMap<>();
        selection.put("filter", new TreeMap<>(version.get("filter", Document.class)));
        selection.put("upToGoldFeedPosition", version.get("up_to_gold_seq"));
        selection.put("split", new LinkedHashMap<>(version.get("split", Document.class)));
        source.put("lake:selection", selection);
        return source;
    }

    private static Map<String, Object> recordSet(String id, String description) {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("@type", "cr:RecordSet");
        set.put("@id", id);
        set.put("name", id);
        set.put("description", description);
        return set;
    }

    private static Map<String, Object> manifestField(String id, String dataType, String description, String jsonPath) {
        return field(
                id,
                dataType,
                description,
                Map.of("fileObject", Map.of("@id", "manifest.jsonl"), "extract", Map.of("jsonPath", jsonPath)));
    }

    private static Map<String, Object> field(String id, String dataType, String description, Object source) {
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("@type", "cr:Field");
        field.put("@id", id);
        field.put("name", id);
        field.put("description", description);
        field.put("dataType", dataType);
        if (source != null) {
            field.put("source", source);
        }
        return field;
    }

    private static Map<String, Object> context() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("@language", "en");
        c.put("@vocab", "https://schema.org/");
        c.put("sc", "https://schema.org/");
        c.put("cr", "http://mlcommons.org/croissant/");
        c.put("dct", "http://purl.org/dc/terms/");
        c.put("prov", "http://www.w3.org/ns/prov#");
        c.put("lake", "https://imagelake.dev/ns/dataset#");
        c.put("citeAs", "cr:citeAs");
        c.put("column", "cr:column");
        c.put("conformsTo", "dct:conformsTo");
        c.put("data", Map.of("@id", "cr:data", "@type", "@json"));
        c.put("dataType", Map.of("@id", "cr:dataType", "@type", "@vocab"));
        c.put("examples", Map.of("@id", "cr:examples", "@type", "@json"));
        for (String term : List.of(
                "extract",
                "field",
                "fileProperty",
                "fileObject",
                "fileSet",
                "format",
                "includes",
                "isLiveDataset",
                "jsonPath",
                "key",
                "md5",
                "parentField",
                "path",
                "recordSet",
                "references",
                "regex",
                "repeated",
                "replace",
                "separator",
                "source",
                "subField",
                "transform")) {
            c.put(term, "cr:" + term);
        }
        return Collections.unmodifiableMap(c);
    }
}
