package io.imagelake.devstack.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.imagelake.devstack.StackLayout;
import io.imagelake.devstack.process.FreePorts;
import io.imagelake.devstack.process.ManagedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The local platform's MongoDB stand-in keeps what it acknowledged through a kill -9, as a journaled MongoDB does:
 * the catalog's status advances and the upload's idempotency records are acknowledged writes that other
 * components act on (a Kafka offset committed, an answer sent to the client).
 */
class MongoWireServerIT {

    @Test
    void everyAcknowledgedWriteSurvivesAKillNineRightAfterIt() throws Exception {
        Path home = Files.createTempDirectory(Path.of("target"), "mongo-durability-");
        StackLayout layout = new StackLayout(StackLayout.findRepo(), home.toAbsolutePath()).prepared();
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
}
