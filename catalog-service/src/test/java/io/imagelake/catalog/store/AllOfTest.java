package io.imagelake.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.Filters;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;

class AllOfTest {

    private static BsonDocument render(Bson filter) {
        return filter.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
    }

    @Test
    void conditionsOnDifferentFieldsBecomeOneFlatDocument() {
        assertThat(render(AllOf.of(Filters.eq("_id", "a"), Filters.ne("applied", "e1"))))
                .isEqualTo(BsonDocument.parse("{_id: 'a', applied: {$ne: 'e1'}}"));
    }

    @Test
    void operatorsOnOneFieldMergeIntoOneCondition() {
        assertThat(render(AllOf.of(Filters.exists("at"), Filters.gte("at", 1), Filters.lt("at", 9))))
                .isEqualTo(BsonDocument.parse("{at: {$exists: true, $gte: 1, $lt: 9}}"));
    }

    @Test
    void whatCannotMergeFallsBackToAnd() {
        assertThat(render(AllOf.of(Filters.eq("tag", "a"), Filters.ne("tag", "b")))
                        .containsKey("$and"))
                .isTrue();
        assertThat(render(AllOf.of(Filters.gt("n", 1), Filters.gt("n", 2))).containsKey("$and"))
                .as("the same operator twice")
                .isTrue();
    }
}
