package io.imagelake.normalizer.reprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.Source;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class CatalogOriginalsTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @Test
    void anImageOfTheCatalogBecomesTheEventItWasIngestedWithAndAlwaysTheSameEvent() {
        var item = JSON.readTree("""
                {"imageId":"img-1","customerId":"acme","source":"STREAM","status":"PROMOTED",
                 "zones":{"bronze":{"key":"acme/2026/11/21/img-1","bytes":1234,"contentType":"image/png","sha256":"ab"}},
                 "caption":{"original":"Ảnh đẹp","normalized":"ảnh đẹp"},"tags":["beach"],
                 "createdAt":"2026-11-21T10:00:00Z"}""");

        ImageIngested original = CatalogOriginals.toIngested(item, "bronze");

        assertThat(original.imageId()).isEqualTo("img-1");
        assertThat(original.customerId()).isEqualTo("acme");
        assertThat(original.source()).isEqualTo(Source.STREAM);
        assertThat(original.bronze().bucket()).isEqualTo("bronze");
        assertThat(original.bronze().key()).isEqualTo("acme/2026/11/21/img-1");
        assertThat(original.bytes()).isEqualTo(1234);
        assertThat(original.sha256()).isEqualTo("ab");
        assertThat(original.format()).isEqualTo("png");
        assertThat(original.caption()).isEqualTo("Ảnh đẹp");
        assertThat(original.tags()).containsExactly("beach");
        assertThat(original.receivedAt()).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(CatalogOriginals.toIngested(item, "bronze").eventId()).isEqualTo(original.eventId());
    }
}
