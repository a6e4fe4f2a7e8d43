package io.imagelake.catalog.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class ManifestLineTest {

    private static Document image() {
        return new Document("_id", "img-1")
                .append("customer_id", "acme")
                .append("tags", List.of("cat"))
                .append("width", 640)
                .append("height", 480)
                .append("pipeline_version", "v2")
                .append(
                        "caption",
                        new Document("original", "Ein Hund")
                                .append("normalized", "ein hund")
                                .append("tokens", List.of("ein", "hund"))
                                .append("language", "de"))
                .append("features", new Document("phash", "00ff").append("blur", 1.5))
                .append(
                        "zones",
                        new Document("silver", new Document("bucket", "silver").append("key", "acme/img-1/v2.jpg"))
                                .append(
                                        "gold",
                                        new Document("bucket", "gold").append("key", "acme/images/img-1/v2.jpg")));
    }

    @Test
    void aLineNamesTheImageItsSplitItsObjectsCaptionAndFeaturesInAFixedOrder() {
        Document image = image();

        Map<String, Object> line = ManifestLine.of(
                image,
                image.get("zones", Document.class).get("gold", Document.class),
                SplitRatios.Split.VALIDATION,
                "datasets/acme/cats/v1/shard-0.tar");

        assertThat(line.keySet())
                .containsExactly(
                        "id", "split", "keys", "caption", "tags", "features", "width", "height", "pipelineVersion");
        assertThat(line)
                .containsEntry("id", "img-1")
                .containsEntry("split", "validation")
                .containsEntry("width", 640)
                .containsEntry("pipelineVersion", "v2")
                .containsEntry("tags", List.of("cat"));
        assertThat(line.get("keys"))
                .isEqualTo(Map.of(
                        "gold",
                        "gold/acme/images/img-1/v2.jpg",
                        "silver",
                        "silver/acme/img-1/v2.jpg",
                        "shard",
                        "datasets/acme/cats/v1/shard-0.tar"));
        assertThat(line.get("caption"))
                .isEqualTo(Map.of(
                        "original",
                        "Ein Hund",
                        "normalized",
                        "ein hund",
                        "tokens",
                        List.of("ein", "hund"),
                        "language",
                        "de"));
        assertThat(line.get("features")).isEqualTo(Map.of("phash", "00ff", "blur", 1.5));
    }

    @Test
    void anImageWithoutCaptionOrSilverHasNeitherInItsLine() {
        Document gold = new Document("bucket", "gold").append("key", "k");
        Document image = new Document("_id", "img-2").append("zones", new Document("gold", gold));

        Map<String, Object> line = ManifestLine.of(image, gold, SplitRatios.Split.TRAIN, "s");

        assertThat(line)
                .doesNotContainKey("caption")
                .containsEntry("tags", List.of())
                .containsEntry("features", null);
        assertThat(line.get("keys")).isEqualTo(Map.of("gold", "gold/k", "shard", "s"));
    }

    @Test
    void theShardsCaptionTextIsTheCaptionsSourceOrElseWhatTheClientSent() {
        assertThat(ManifestLine.captionText(image())).isEqualTo("Ein Hund");
        assertThat(ManifestLine.captionText(new Document("caption_original", "as sent")))
                .isEqualTo("as sent");
        assertThat(ManifestLine.captionText(new Document())).isNull();
    }
}
