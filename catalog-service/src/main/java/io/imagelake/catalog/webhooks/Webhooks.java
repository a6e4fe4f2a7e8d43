package io.imagelake.catalog.webhooks;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.imagelake.catalog.store.AllOf;
import io.imagelake.catalog.store.CatalogStore;
import io.imagelake.contracts.CatalogColumns;
import io.imagelake.contracts.ImageEvent;
import io.imagelake.support.storage.ContentDigest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tenants' webhooks ({@code webhooks}) and their deliveries ({@code webhook_deliveries}: an outbox,
 * also the delivery log a tenant reads). A delivery's id derives from the webhook and the event, so
 * an event projected twice (a redelivery after a crash) is queued once.
 */
@Component
public class Webhooks {

    /** The attempts a delivery keeps in its log, newest last. */
    static final int ATTEMPTS_KEPT = 20;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final MongoCollection<Document> webhooks;
    private final MongoCollection<Document> deliveries;
    private final JsonMapper json;
    private final Clock clock;

    public Webhooks(CatalogStore store, JsonMapper json, Clock clock) {
        this.webhooks = store.webhooks();
        this.deliveries = store.webhookDeliveries();
        this.json = json;
        this.clock = clock;
    }

    Document create(String tenant, String url, List<String> events) {
        Document webhook = new Document("_id", "wh_" + HexFormat.of().formatHex(randomBytes()))
                .append(CatalogColumns.CUSTOMER_ID, tenant)
                .append("url", url)
                .append("events", events)
                .append("created_at", Date.from(clock.instant()));
        webhooks.insertOne(webhook);
        return webhook;
    }

    List<Document> of(String tenant) {
        return webhooks.find(Filters.eq(CatalogColumns.CUSTOMER_ID, tenant))
                .sort(Sorts.ascending("created_at"))
                .into(new ArrayList<>());
    }

    Optional<Document> find(String tenant, String id) {
        return Optional.ofNullable(
                webhooks.find(AllOf.of(Filters.eq("_id", id), Filters.eq(CatalogColumns.CUSTOMER_ID, tenant)))
                        .first());
    }

    /**
     * Removes the webhook; its deliveries not yet made are cancelled, and its log stays until it ages out
     * ({@link DeliveryLogPruner}).
     */
    boolean delete(String tenant, String id) {
        boolean deleted =
                webhooks.deleteOne(AllOf.of(Filters.eq("_id", id), Filters.eq(CatalogColumns.CUSTOMER_ID, tenant)))
                                .getDeletedCount()
                        > 0;
        if (deleted) {
            deliveries.updateMany(
                    AllOf.of(Filters.eq("webhook_id", id), Filters.eq("state", "PENDING")),
                    Updates.set("state", "CANCELLED"));
        }
        return deleted;
    }

    /** Queues a delivery of {@code event} to each of its tenant's webhooks that subscribed to it. */
    public void enqueue(ImageEvent event) {
        enqueue(event, new HashMap<>());
    }

    /**
     * {@link #enqueue(ImageEvent)} for one of a poll's events: {@code subscriptions} keeps what was looked up for the
     * poll's earlier events, so a poll asks once per tenant and kind of event, not once per event.
     */
    public void enqueue(ImageEvent event, Map<String, List<Document>> subscriptions) {
        var kind = WebhookEvent.of(event);
        if (kind.isEmpty()) {
            return;
        }
        List<Document> subscribed = subscriptions.computeIfAbsent(
                event.customerId() + "\u0000" + kind.get().getKey().id(),
                key -> webhooks.find(AllOf.of(
                                Filters.eq(CatalogColumns.CUSTOMER_ID, event.customerId()),
                                Filters.eq("events", kind.get().getKey().id())))
                        .into(new ArrayList<>()));
        Instant now = clock.instant();
        for (Document webhook : subscribed) {
            String id = "whd_"
                    + ContentDigest.sha256((webhook.getString("_id") + "\u0000" + event.eventId())
                                    .getBytes(StandardCharsets.UTF_8))
                            .substring(0, 32);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", id);
            body.put("type", "image." + kind.get().getKey().id());
            body.put(
                    "occurredAt",
                    event.occurredAt() == null ? null : event.occurredAt().toString());
            body.put("data", kind.get().getValue());
            try {
                deliveries.insertOne(new Document("_id", id)
                        .append("webhook_id", webhook.getString("_id"))
                        .append(CatalogColumns.CUSTOMER_ID, event.customerId())
                        .append("type", body.get("type"))
                        .append("image_id", event.imageId())
                        .append("body", json.writeValueAsString(body))
                        .append("state", "PENDING")
                        .append("attempts", List.of())
                        .append("created_at", Date.from(now))
                        .append("next_attempt_at", Date.from(now))
                        .append("lease_until", Date.from(Instant.EPOCH)));
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e; // E11000: queued when this event was projected before
                }
            }
        }
    }

    /** Takes one due delivery for {@code lease}: no other replica sends it meanwhile. */
    Optional<Document> claimDue(Instant now, Duration lease) {
        return Optional.ofNullable(deliveries.findOneAndUpdate(
                AllOf.of(
                        Filters.eq("state", "PENDING"),
                        Filters.lte("next_attempt_at", Date.from(now)),
                        Filters.lte("lease_until", Date.from(now))),
                Updates.set("lease_until", Date.from(now.plus(lease))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
    }

    /** Records an attempt's outcome: delivered, to be retried at {@code retryAt}, or given up (retryAt null). */
    void recordAttempt(Document delivery, Document attempt, boolean delivered, Instant retryAt) {
        String state = delivered ? "DELIVERED" : retryAt == null ? "FAILED" : "PENDING";
        List<Document> attempts = new ArrayList<>(delivery.getList("attempts", Document.class, List.of()));
        attempts.add(attempt);
        if (attempts.size() > ATTEMPTS_KEPT) {
            attempts = attempts.subList(attempts.size() - ATTEMPTS_KEPT, attempts.size());
        }
        List<Bson> set = new ArrayList<>(List.of(
                Updates.set("state", state),
                Updates.set("attempts", attempts),
                Updates.inc("attempt_count", 1),
                Updates.set("lease_until", Date.from(Instant.EPOCH))));
        if (retryAt != null && !delivered) {
            set.add(Updates.set("next_attempt_at", Date.from(retryAt)));
        }
        // only while still PENDING: a webhook deleted meanwhile stays CANCELLED
        deliveries.updateOne(
                AllOf.of(Filters.eq("_id", delivery.getString("_id")), Filters.eq("state", "PENDING")),
                Updates.combine(set));
    }

    /**
     * Removes the deliveries that are done (delivered, given up or cancelled) and whose event is older than
     * {@code before}; a delivery still due stays whatever its age. Returns how many went.
     */
    long pruneLog(Instant before) {
        return deliveries
                .deleteMany(AllOf.of(
                        Filters.in("state", "DELIVERED", "FAILED", "CANCELLED"),
                        Filters.lt("created_at", Date.from(before))))
                .getDeletedCount();
    }

    List<Document> deliveries(String webhookId, int limit) {
        return deliveries
                .find(Filters.eq("webhook_id", webhookId))
                .sort(Sorts.descending("created_at"))
                .limit(limit)
                .into(new ArrayList<>());
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
