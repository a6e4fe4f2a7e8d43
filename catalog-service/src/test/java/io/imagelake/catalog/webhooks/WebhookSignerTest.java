package io.imagelake.catalog.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    @Test
    void aSignatureIsTheHmacOfTimeAndBodyUnderTheSecretTheTenantWasGiven() {
        WebhookSigner signer = new WebhookSigner("k1");
        String secret = signer.secretOf("wh_1");

        String signature = signer.signature("wh_1", 1_700_000_000L, "{\"a\":1}");

        String expected = HexFormat.of()
                .formatHex(WebhookSigner.hmac(secret.getBytes(StandardCharsets.UTF_8), "1700000000.{\"a\":1}"));
        assertThat(signature).isEqualTo("t=1700000000,v1=" + expected);
        assertThat(secret).startsWith("whsec_").isEqualTo(new WebhookSigner("k1").secretOf("wh_1"));
        assertThat(signer.secretOf("wh_2")).as("one secret per webhook").isNotEqualTo(secret);
        assertThat(new WebhookSigner("k2").secretOf("wh_1"))
                .as("a new signing key rotates it")
                .isNotEqualTo(secret);
    }
}
