package io.imagelake.catalog.webhooks;

import io.imagelake.support.storage.ContentDigest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Webhook secrets and delivery signatures. A webhook's secret is the HMAC-SHA256 of its id under
 * {@code lake.catalog.webhooks.signing-key}: shown to the tenant once, at registration, and never
 * stored. A delivery carries {@code ImageLake-Signature: t=<unix seconds>,v1=<hex>}, the HMAC-SHA256
 * under that secret of {@code <t>.<body>} (Stripe's scheme), so a receiver checks both who sent the
 * body and, by the time, that it is not a replay of an old one.
 */
final class WebhookSigner {

    static final String HEADER = "ImageLake-Signature";

    private final byte[] signingKey;

    WebhookSigner(String signingKey) {
        this.signingKey = signingKey.getBytes(StandardCharsets.UTF_8);
    }

    String secretOf(String webhookId) {
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(signingKey, webhookId));
    }

    String signature(String webhookId, long unixSeconds, String body) {
        byte[] secret = secretOf(webhookId).getBytes(StandardCharsets.UTF_8);
        return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(hmac(secret, unixSeconds + "." + body));
    }

    static byte[] hmac(byte[] key, String message) {
        return ContentDigest.hmacSha256(key, message);
    }
}
