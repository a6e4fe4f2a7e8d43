package io.imagelake.catalog.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.imagelake.catalog.audit.AuditLog;
import io.imagelake.support.errors.InvalidRequestException;
import io.imagelake.support.errors.NotFoundException;
import io.imagelake.support.tenant.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's webhooks: {@code POST /api/v1/webhooks} registers a URL for some of the events
 * {@code normalized}, {@code promoted}, {@code rejected}, {@code duplicate} and answers its signing
 * secret, once; {@code GET} lists them and each one's delivery log; {@code DELETE} removes one.
 */
@RestController
@Tag(name = "webhooks")
public class WebhookController {

    private static final int MAX_URL = 2048;

    private final Webhooks webhooks;
    private final WebhookProperties properties;
    private final WebhookSigner signer;
    private final WebhookTargets targets;
    private final AuditLog audit;

    public WebhookController(Webhooks webhooks, WebhookProperties properties, AuditLog audit) {
        this.webhooks = webhooks;
        this.properties = properties;
        this.signer = new WebhookSigner(properties.signingKey());
        this.targets = new WebhookTargets(properties.allowPrivateTargets());
        this.audit = audit;
    }

    public record WebhookRequest(
            @NotNull @Size(max = MAX_URL) String url,
            @NotEmpty @Size(max = 4) List<String> events) {}

    /** A webhook; {@code secret} only in the answer to its registration. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WebhookView(String id, String url, List<String> events, Instant createdAt, String secret) {}

    public record WebhookList(List<WebhookView> items) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeliveryView(
            String id,
            String type,
            String imageId,
            String state,
            Instant createdAt,
            Instant nextAttemptAt,
            List<Map<String, Object>> attempts) {}

    public record DeliveryList(List<DeliveryView> items) {}

    @Operation(
            operationId = "createWebhook",
            summary = "Register a URL for image events; the answer holds its signing secret, shown once")
    @ApiResponse(responseCode = "201", description = "the webhook, with its secret")
    @ApiResponse(responseCode = "400", description = "not an HTTP(S) URL, a private address, or unknown events")
    @PostMapping("/api/v1/webhooks")
    public ResponseEntity<WebhookView> create(Tenant tenant, @Valid @RequestBody WebhookRequest request) {
        targets.refusal(request.url()).ifPresent(why -> {
            throw InvalidRequestException.of("url", why);
        });
        List<String> events = new LinkedHashSet<>(request.events()).stream().toList();
        for (String event : events) {
            if (WebhookEvent.of(event).isEmpty()) {
                throw InvalidRequestException.of("events", "each of normalized, promoted, rejected, duplicate");
            }
        }
        if (webhooks.of(tenant.id()).size() >= properties.maxPerTenant()) {
            throw InvalidRequestException.of("url", "at most " + properties.maxPerTenant() + " webhooks per tenant");
        }
        Document created = webhooks.create(tenant.id(), request.url(), events);
        audit.record(
                tenant.principal(),
                "webhook.create",
                null,
                Map.of("tenant", tenant.id(), "webhook", created.getString("_id"), "url", request.url()));
        WebhookView view = view(created, signer.secretOf(created.getString("_id")));
        return ResponseEntity.created(URI.create("/api/v1/webhooks/" + view.id()))
                .body(view);
    }

    @Operation(operationId = "listWebhooks", summary = "The tenant's webhooks (without their secrets)")
    @ApiResponse(responseCode = "200", description = "the webhooks")
    @GetMapping("/api/v1/webhooks")
    public WebhookList list(Tenant tenant) {
        return new WebhookList(
                webhooks.of(tenant.id()).stream().map(w -> view(w, null)).toList());
    }

    @Operation(
            operationId = "listWebhookDeliveries",
            summary = "A webhook's delivery log, newest first",
            description = "A delivery that is done (DELIVERED, FAILED, CANCELLED) stays in the log for the deployment's"
                    + " delivery-log retention after its event (lake.webhooks.log-retention, 30 days by default);"
                    + " one still due stays whatever its age.")
    @ApiResponse(responseCode = "200", description = "its deliveries, each with its attempts")
    @ApiResponse(responseCode = "404", description = "no such webhook of this tenant")
    @GetMapping("/api/v1/webhooks/{id}/deliveries")
    public DeliveryList deliveries(
            Tenant tenant, @PathVariable String id, @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw InvalidRequestException.of("limit", "1 to 1000");
        }
        webhooks.find(tenant.id(), id).orElseThrow(() -> new NotFoundException("webhook " + id));
        return new DeliveryList(webhooks.deliveries(id, limit).stream()
                .map(d -> new DeliveryView(
                        d.getString("_id"),
                        d.getString("type"),
                        d.getString("image_id"),
                        d.getString("state"),
                        d.getDate("created_at").toInstant(),
                        "PENDING".equals(d.getString("state"))
                                ? d.getDate("next_attempt_at").toInstant()
                                : null,
                        d.getList("attempts", Document.class, List.of()).stream()
                                .map(WebhookController::attempt)
                                .toList()))
                .toList());
    }

    @Operation(operationId = "deleteWebhook", summary = "Remove a webhook; its pending deliveries are cancelled")
    @ApiResponse(responseCode = "204", description = "removed")
    @ApiResponse(responseCode = "404", description = "no such webhook of this tenant")
    @DeleteMapping("/api/v1/webhooks/{id}")
    public ResponseEntity<Void> delete(Tenant tenant, @PathVariable String id) {
        if (!webhooks.delete(tenant.id(), id)) {
            throw new NotFoundException("webhook " + id);
        }
        audit.record(tenant.principal(), "webhook.delete", null, Map.of("tenant", tenant.id(), "webhook", id));
        return ResponseEntity.noContent().build();
    }

    private static Map<String, Object> attempt(Document attempt) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("at", attempt.getDate("at").toInstant());
        if (attempt.get("status") != null) {
            view.put("status", attempt.getInteger("status"));
        }
        if (attempt.get("error") != null) {
            view.put("error", attempt.getString("error"));
        }
        view.put("ms", attempt.get("ms"));
        return view;
    }

    private static WebhookView view(Document webhook, String secret) {
        return new WebhookView(
                webhook.getString("_id"),
                webhook.getString("url"),
                webhook.getList("events", String.class),
                webhook.getDate("created_at").toInstant(),
                secret);
    }
}
