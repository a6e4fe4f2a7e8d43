package io.imagelake.catalog.webhooks;

import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.ImageNormalized;
import io.imagelake.contracts.ImagePromoted;
import io.imagelake.contracts.ImageRejected;
import io.imagelake.contracts.ImageStatus;
import io.imagelake.contracts.Reason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The events a tenant may subscribe to, and what a delivery of each says. */
public enum WebhookEvent {
    NORMALIZED,
    PROMOTED,
    REJECTED,
    DUPLICATE;

    /** As clients name it: {@code normalized}; a delivery's type is {@code image.normalized}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<WebhookEvent> of(String id) {
        for (WebhookEvent event : values()) {
            if (event.id().equals(id)) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }

    /** The webhook event an image event is, with the facts a delivery carries; empty for the others. */
    public static Optional<Map.Entry<WebhookEvent, Map<String, Object>>> of(ImageEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("imageId", event.imageId());
        data.put("customerId", event.customerId());
        WebhookEvent kind = switch (event) {
            case ImageNormalized e -> {
                data.put("pipelineVersion", e.pipelineVersion());
                data.put("width", e.width());
                data.put("height", e.height());
                yield NORMALIZED;
            }
            case ImagePromoted e -> {
                data.put("pipelineVersion", e.pipelineVersion());
                yield PROMOTED;
            }
            case ImageRejected e -> {
                data.put("pipelineVersion", e.pipelineVersion());
                data.put("status", e.status().name());
                data.put("reasons", reasons(e.reasons()));
                if (e.duplicateOf() != null) {
                    data.put("duplicateOf", e.duplicateOf());
                }
                yield e.status() == ImageStatus.REJECTED ? REJECTED : DUPLICATE;
            }
            default -> null;
        };
        return kind == null ? Optional.empty() : Optional.of(Map.entry(kind, data));
    }

    /** What a delivery (or a streamed event) says: {@code id} (null: none), type, time, facts. */
    public static Map<String, Object> body(
            String id, Map.Entry<WebhookEvent, Map<String, Object>> kind, ImageEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (id != null) {
            body.put("id", id);
        }
        body.put("type", "image." + kind.getKey().id());
        body.put(
                "occurredAt",
                event.occurredAt() == null ? null : event.occurredAt().toString());
        body.put("data", kind.getValue());
        return body;
    }

    private static List<Map<String, String>> reasons(List<Reason> reasons) {
        return reasons.stream()
                .map(r -> {
                    Map<String, String> reason = new LinkedHashMap<>();
                    reason.put("code", r.code());
                    reason.put("detail", r.detail());
                    return reason;
                })
                .toList();
    }
}
