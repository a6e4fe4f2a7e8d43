package io.imagelake.gateway.identity;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The API keys in MongoDB, shared by every gateway instance. */
@Component
public class ApiKeyStore {

    private final MongoCollection<Document> keys;

    public ApiKeyStore(MongoDatabase database) {
        this.keys = database.getCollection(ApiKey.COLLECTION);
    }

    public Mono<ApiKey> find(String id) {
        return Mono.from(keys.find(Filters.eq("_id", id)).first()).map(ApiKey::from);
    }

    /** The keys created or revoked at or after {@code since}. */
    public Flux<ApiKey> changedSince(Instant since) {
        Date from = Date.from(since);
        return Flux.from(keys.find(Filters.or(Filters.gte("created_at", from), Filters.gte("revoked_at", from))))
                .map(ApiKey::from);
    }

    /** What {@link #changedSince} asks by; a server that cannot build an index merely scans the (small) collection. */
    Mono<Void> createIndexes() {
        return Flux.concat(
                        keys.createIndex(Indexes.ascending("created_at")),
                        keys.createIndex(Indexes.ascending("revoked_at")))
                .onErrorResume(e -> Mono.empty())
                .then();
    }

    public Mono<ApiKey> insert(ApiKey key) {
        return Mono.from(keys.insertOne(key.toDocument())).thenReturn(key);
    }

    /** Every key, or one tenant's, newest first. */
    public Flux<ApiKey> list(String tenant) {
        return Flux.from(keys.find(tenant == null ? new Document() : Filters.eq("tenant", tenant))
                        .sort(Sorts.descending("created_at")))
                .map(ApiKey::from);
    }

    /** True if the key existed and was live; revoking twice is harmless. */
    public Mono<Boolean> revoke(String id, Instant at) {
        return Mono.from(keys.updateOne(
                        Filters.and(Filters.eq("_id", id), Filters.eq("revoked_at", null)),
                        Updates.set("revoked_at", Date.from(at))))
                .map(result -> result.getModifiedCount() > 0);
    }

    public Mono<Boolean> anyAdmin() {
        return Mono.from(keys.find(Filters.and(Filters.eq("scopes", "admin"), Filters.eq("revoked_at", null)))
                        .first())
                .hasElement();
    }
}
