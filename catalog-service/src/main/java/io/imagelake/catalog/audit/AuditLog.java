package io.imagelake.catalog.audit;

import com.mongodb.client.MongoCollection;
import io.imagelake.catalog.store.CatalogStore;
import java.util.Date;
import java.util.Map;
import org.bson.Document;
import org.springframework.stereotype.Component;

/** Who changed what, when: every state-changing call and every sweep, in the {@code audit} collection. */
@Component
public class AuditLog {

    private final MongoCollection<Document> audit;

    public AuditLog(CatalogStore store) {
        this.audit = store.audit();
    }

    public void record(String actor, String action, String imageId, Map<String, Object> details) {
        audit.insertOne(new Document("at", new Date())
                .append("actor", actor)
                .append("action", action)
                .append("image_id", imageId)
                .append("details", new Document(details)));
    }
}
