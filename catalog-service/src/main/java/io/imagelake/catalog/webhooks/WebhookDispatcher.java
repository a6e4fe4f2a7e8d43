package io.imagelake.catalog.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends due deliveries, on every replica: each claims a delivery for a lease before sending it, so
 * two replicas never send the same one at once, and one that dies mid-send leaves it to the others
 * when the lease lapses (a receiver may then get it twice: it deduplicates by the delivery's id).
 * A 2xx answer is delivered; anything else (an error status, a timeout, a refused address) is
 * retried with doubling waits until {@code give-up-after} from the event, then FAILED. Redirects are
 * not followed: they could lead past the address check.
 */
@Component
public class WebhookDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final Webhooks webhooks;
    private final WebhookProperties properties;
    private final WebhookSigner signer;
    private final WebhookTargets targets;
    private final Clock clock;
    private final HttpClient http;
    private final Counter delivered;
    private final Counter retried;
    private final Counter failed;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("webhooks").daemon(true).factory());

    public WebhookDispatcher(Webhooks webhooks, WebhookProperties properties, Clock clock, MeterRegistry meters) {
        this.webhooks = webhooks;
        this.properties = properties;
        this.signer = new WebhookSigner(properties.signingKey());
        this.targets = new WebhookTargets(properties.allowPrivateTargets());
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        // registered at zero, so a rate over them exists from the start (the alert reads "failed")
        this.delivered = meters.counter("lake.catalog.webhook.deliveries", "outcome", "delivered");
        this.retried = meters.counter("lake.catalog.webhook.deliveries", "outcome", "retried");
        this.failed = meters.counter("lake.catalog.webhook.deliveries", "outcome", "failed");
    }

    /**
     * On a thread of its own, not the shared scheduler's: receivers answer slowly or not at all, and
     * must never hold up the retention sweep or a dataset build's lease.
     */
    @PostConstruct
    void start() {
        poller.scheduleWithFixedDelay(
                this::sendDue, 0, properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
    }

    /** Claims up to {@code batch} due deliveries and sends them at once (a slow receiver holds only its own). */
    public int sendDue() {
        List<Document> claimed = new ArrayList<>();
        try {
            while (claimed.size() < properties.batch()) {
                Optional<Document> due = claim();
                if (due.isEmpty()) {
                    break;
                }
                claimed.add(due.get());
            }
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                claimed.forEach(delivery -> senders.submit(() -> send(delivery)));
            }
        } catch (RuntimeException e) {
            log.warn("cannot read or record webhook deliveries (will retry): {}", e.toString());
        }
        return claimed.size();
    }

    private Optional<Document> claim() {
        return webhooks.claimDue(clock.instant(), properties.lease());
    }

    private void send(Document delivery) {
        try {
            attempt(delivery);
        } catch (RuntimeException e) {
            // its lease lapses and it is sent again
            log.warn(
                    "cannot record webhook delivery {} (it is sent again): {}",
                    delivery.getString("_id"),
                    e.toString());
        }
    }

    private void attempt(Document delivery) {
        String webhookId = delivery.getString("webhook_id");
        Optional<Document> webhook = webhooks.find(delivery.getString("customer_id"), webhookId);
        Instant started = clock.instant();
        Document attempt = new Document("at", Date.from(started));
        boolean ok = false;
        if (webhook.isEmpty()) {
            attempt.append("error", "the webhook was deleted");
        } else {
            String url = webhook.get().getString("url");
            Optional<String> refusal = targets.refusal(url);
            if (refusal.isPresent()) {
                attempt.append("error", "not called: " + refusal.get());
            } else {
                ok = post(url, webhookId, delivery, attempt);
            }
        }
        attempt.append("ms", Duration.between(started, clock.instant()).toMillis());
        Instant retryAt = ok || webhook.isEmpty() ? null : retryAt(delivery);
        webhooks.recordAttempt(delivery, attempt, ok, retryAt);
        (ok ? delivered : retryAt == null ? failed : retried).increment();
    }

    private boolean post(String url, String webhookId, Document delivery, Document attempt) {
        String body = delivery.getString("body");
        long now = clock.instant().getEpochSecond();
        try {
            HttpResponse<Void> answer = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(properties.timeout())
                            .header("Content-Type", "application/json")
                            .header("User-Agent", "ImageLake-Webhooks/1")
                            .header("ImageLake-Delivery", delivery.getString("_id"))
                            .header("ImageLake-Event", delivery.getString("type"))
                            .header(WebhookSigner.HEADER, signer.signature(webhookId, now, body))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            attempt.append("status", answer.statusCode());
            return answer.statusCode() / 100 == 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            attempt.append("error", "interrupted");
            return false;
        } catch (Exception e) {
            attempt.append(
                    "error", e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            return false;
        }
    }

    /** When to try again after this failure, or null once the delivery is past giving up. */
    private Instant retryAt(Document delivery) {
        int failures = delivery.getInteger("attempt_count", 0) + 1;
        Duration wait = properties.firstRetry().multipliedBy(1L << Math.min(failures - 1, 20));
        if (wait.compareTo(properties.maxBackoff()) > 0) {
            wait = properties.maxBackoff();
        }
        Instant next = clock.instant().plus(wait);
        Instant giveUp = delivery.getDate("created_at").toInstant().plus(properties.giveUpAfter());
        return next.isAfter(giveUp) ? null : next;
    }
}
