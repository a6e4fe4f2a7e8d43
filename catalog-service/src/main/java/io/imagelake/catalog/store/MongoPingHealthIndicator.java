package io.imagelake.catalog.store;

import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Replaces Boot's MongoDB health indicator (same bean name), which sends {@code hello}: the embedded
 * mongo-java-server does not implement it, while {@code ping} works on every MongoDB.
 */
@Component("mongoHealthIndicator")
public class MongoPingHealthIndicator extends AbstractHealthIndicator {

    private final MongoClient client;

    public MongoPingHealthIndicator(MongoClient client) {
        super("MongoDB health check failed");
        this.client = client;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Document answer = client.getDatabase("admin").runCommand(new Document("ping", 1));
        builder.status(answer.get("ok") != null ? "UP" : "DOWN");
    }
}
