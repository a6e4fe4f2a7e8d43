package io.imagelake.devstack.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.imagelake.devstack.StackLayout;
import io.imagelake.devstack.process.FreePorts;
import io.imagelake.devstack.process.ManagedProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;

/**
 * The local platform's MongoDB stand-in keeps what it acknowledged through a kill -9, as a journaled MongoDB does:
 * the catalog's status advances and the upload's idempotency records are acknowledged writes that other
 * components act on (a Kafka offset committed, an answer sent to the client).
 */
class MongoWireServerIT {

    @Test
    void everyAcknowledgedWriteSurvivesAKillNineRightAfterIt() throws Exception {
        StackLayout layout = freshLayout("mongo-durability-");
        int port = FreePorts.next();
        ManagedProcess server = MongoWireServer.start(layout, port, false);
        try {
            try (MongoClient client = MongoClients.create(MongoWireServer.uri(port))) {
                MongoCollection<Document> images = client.getDatabase("lake").getCollection("images");
                for (int i = 0; i < 50; i++) {
                    images.insertOne(new Document("_id", "img-" + i).append("status", "RECEIVED"));
                    images.updateOne(Filters.eq("_id", "img-" + i), Updates.set("status", "PROMOTED"));
                }
            }
            // no pause: the acknowledgement of the last update is all the client had
            server.kill();
            server = MongoWireServer.start(layout, port, false);
            try (MongoClient client = MongoClients.create(MongoWireServer.uri(port))) {
                MongoCollection<Document> images = client.getDatabase("lake").getCollection("images");
                assertThat(images.countDocuments()).isEqualTo(50);
                assertThat(images.countDocuments(Filters.eq("status", "PROMOTED")))
                        .isEqualTo(50);
            }
        } finally {
            server.kill();
        }
    }

    /**
     * The server reads a query with an equality on {@code _id} by the index (IdPlannedH2Database) and must still
     * apply the rest of the query: the catalog's projection is idempotent only through such a condition.
     */
    @Test
    void aQueryByIdAlsoHoldsToItsOtherConditionsBeforeAndAfterARestart() throws Exception {
        StackLayout layout = freshLayout("mongo-by-id-");
        int port = FreePorts.next();
        ManagedProcess server = MongoWireServer.start(layout, port, false);
        try {
            try (MongoClient client = MongoClients.create(MongoWireServer.uri(port))) {
                MongoCollection<Document> images = client.getDatabase("lake").getCollection("images");
                for (int i = 0; i < 20; i++) {
                    images.insertOne(new Document("_id", "img-" + i).append("rank", i % 3));
                }
                assertConditionsHold(images, "e-1");
            }
            server.kill();
            server = MongoWireServer.start(layout, port, false);
            try (MongoClient client = MongoClients.create(MongoWireServer.uri(port))) {
                MongoCollection<Document> images = client.getDatabase("lake").getCollection("images");
                assertThat(images.countDocuments()).isEqualTo(21);
                assertConditionsHold(images, "e-2");
            }
        } finally {
            server.kill();
        }
    }

    /**
     * The feed reads a page by exact sequence numbers in a unique index, whose keys the server compares through
     * SerializedKeyOrder (H2's order, with each key's serialized form cached): every key is found, before and after
     * a restart, and a second document with a number already taken is refused.
     */
    @Test
    void aUniqueIndexFindsEveryKeyAndRefusesATakenOneBeforeAndAfterARestart() throws Exception {
        StackLayout layout = freshLayout("mongo-unique-");
        int port = FreePorts.next();
        ManagedProcess server = MongoWireServer.start(layout, port, false);
        List<Long> numbers =
                LongStream.rangeClosed(1, 600).map(n -> n * 7919 % 1000).boxed().toList();
        try {
            try (MongoClient client = MongoClients.create(MongoWireServer.uri(port))) {
                MongoCollection<Document> images = client.getDatabase("lake").getCollection("images");
                images.createIndex(
                        Indexes.ascending("seq"),
                        new IndexOptions().unique(true).sparse(true));
                for (long n : numbers) {
                    images.insertOne(new Document("_id", "img-" + n).append("seq", n));
                }
                images.insertOne(new Document("_id", "no-number"));
                assertEveryKeyFound(images, numbers);
            }
            server.kill();
            server = MongoWireServer.start(layout, port, false);
            try (MongoClient client = MongoClients.create(MongoWireServer.uri(port))) {
                MongoCollection<Document> images = client.getDatabase("lake").getCollection("images");
                assertEveryKeyFound(images, numbers);
            }
        } finally {
            server.kill();
        }
    }

    private static void assertEveryKeyFound(MongoCollection<Document> images, List<Long> numbers) {
        List<Long> lookedUp = new ArrayList<>(numbers);
        lookedUp.addAll(List.of(1000L, 1001L, -1L)); // never written
        List<Document> found = images.find(Filters.in("seq", lookedUp)).into(new ArrayList<>());
        assertThat(found).extracting(d -> d.getLong("seq")).containsExactlyInAnyOrderElementsOf(numbers);
        // numbers match by value whatever their type, as on MongoDB; a repeated value finds its document once
        long some = numbers.get(10);
        long other = numbers.get(20);
        assertThat(images.find(Filters.in("seq", List.of((int) some, (double) other, other)))
                        .into(new ArrayList<>()))
                .extracting(d -> d.getLong("seq"))
                .containsExactlyInAnyOrder(some, other);
        for (long n : List.of(numbers.getFirst(), numbers.get(300), numbers.getLast())) {
            assertThat(images.find(Filters.eq("seq", n)).first().getString("_id"))
                    .isEqualTo("img-" + n);
            assertThat(catchDuplicate(() -> images.insertOne(new Document("_id", "other-" + n).append("seq", n))))
                    .isTrue();
        }
    }

    private static void assertConditionsHold(MongoCollection<Document> images, String event) {
        Bson notYetApplied = new Document("_id", "img-4").append("applied", new Document("$ne", event));
        var first = images.updateOne(notYetApplied, Updates.push("applied", event), new UpdateOptions().upsert(true));
        assertThat(first.getMatchedCount()).isEqualTo(1);
        // the second time the condition fails: the upsert's insert collides with the document, as on MongoDB
        assertThat(catchDuplicate(() -> images.updateOne(
                        notYetApplied, Updates.push("applied", event), new UpdateOptions().upsert(true))))
                .isTrue();
        assertThat(images.find(Filters.eq("_id", "img-4")).first().getList("applied", String.class))
                .containsOnlyOnce(event);
        // an equality on _id with a condition that fails finds nothing; an $in on _id with one finds what holds
        assertThat(images.find(new Document("_id", "img-5").append("rank", 0)).first())
                .isNull();
        List<Document> found = images.find(
                        new Document("_id", new Document("$in", List.of("img-3", "img-4", "img-5"))).append("rank", 0))
                .into(new ArrayList<>());
        assertThat(found).extracting(d -> d.getString("_id")).containsExactly("img-3");
        // a new id still upserts
        images.updateOne(
                new Document("_id", "img-new-" + event).append("applied", new Document("$ne", event)),
                Updates.push("applied", event),
                new UpdateOptions().upsert(true));
        assertThat(images.countDocuments(Filters.eq("_id", "img-new-" + event))).isEqualTo(1);
    }

    private static StackLayout freshLayout(String prefix) throws IOException {
        Path home = Files.createTempDirectory(Path.of("target"), prefix);
        return new StackLayout(StackLayout.findRepo(), home.toAbsolutePath()).prepared();
    }

    private static boolean catchDuplicate(Runnable write) {
        try {
            write.run();
            return false;
        } catch (MongoWriteException e) {
            return e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
        }
    }
}
