package io.imagelake.catalog.images;

import static com.mongodb.MongoClientSettings.getDefaultCodecRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagelake.support.errors.InvalidRequestException;
import java.time.Instant;
import org.bson.BsonDocument;
import org.bson.codecs.configuration.CodecRegistry;
import org.junit.jupiter.api.Test;

class ImageFilterTest {

    private static final CodecRegistry CODECS = getDefaultCodecRegistry();

    private static BsonDocument query(ImageFilter filter) {
        return filter.toBson("acme").toBsonDocument(BsonDocument.class, CODECS);
    }

    @Test
    void noFilterStillMeansTheTenantsLiveCatalogedImages() {
        assertThat(query(ImageFilter.none()))
                .isEqualTo(BsonDocument.parse(
                        "{customer_id: 'acme', created_at: {$exists: true}, erased_at: {$exists: false}}"));
    }

    @Test
    void everyFieldSetMustHoldInOneFlatQuery() {
        BsonDocument query =
                query(new ImageFilter("promoted", "gold", "2026-01-01", "2026-01-31", "cat", "  Hund ", "de"));

        assertThat(query.getString("status").getValue()).isEqualTo("PROMOTED");
        assertThat(query.getDocument("zones.gold")).isEqualTo(BsonDocument.parse("{$exists: true}"));
        assertThat(query.getDocument("created_at").keySet())
                .containsExactly("$exists", "$gte", "$lt")
                .as("the range and the existence of created_at in one condition");
        assertThat(query.getString("tags").getValue()).isEqualTo("cat");
        assertThat(query.getString("caption.tokens").getValue())
                .as("tokenized like the normalizer")
                .isEqualTo("hund");
        assertThat(query.getString("language").getValue()).isEqualTo("de");
    }

    @Test
    void aToDateIncludesItsWholeDay() {
        BsonDocument query = query(new ImageFilter(null, null, null, "2026-01-31", null, null, null));

        assertThat(query.getDocument("created_at").getDateTime("$lt").getValue())
                .isEqualTo(Instant.parse("2026-02-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void anUnknownStatusOrZoneIsAValidationErrorNamingTheField() {
        assertThatThrownBy(() -> new ImageFilter("shiny", null, null, null, null, null, null).validated())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("status:");
        assertThatThrownBy(() -> new ImageFilter(null, "platinum", null, null, null, null, null).validated())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("zone:");
    }
}
