package io.imagelake.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ObjectKeysTest {

    @Test
    void bronzeKeysArePartitionedByTenantAndUtcDay() {
        assertThat(ObjectKeys.bronze("acme", Instant.parse("2026-01-02T23:59:59Z"), "id-1"))
                .isEqualTo("acme/2026/01/02/id-1");
    }

    @Test
    void silverKeysDependOnlyOnImageAndPipelineVersion() {
        assertThat(ObjectKeys.silver("acme", "id-1", "v1")).isEqualTo(ObjectKeys.silver("acme", "id-1", "v1"));
        assertThat(ObjectKeys.silver("acme", "id-1", "v1")).isNotEqualTo(ObjectKeys.silver("acme", "id-1", "v2"));
    }

    @Test
    void derivedImageIdsAreStablePerTenantAndKey() {
        assertThat(ImageIds.forIdempotencyKey("acme", "k1")).isEqualTo(ImageIds.forIdempotencyKey("acme", "k1"));
        assertThat(ImageIds.forIdempotencyKey("acme", "k1")).isNotEqualTo(ImageIds.forIdempotencyKey("other", "k1"));
        assertThat(ImageIds.forIdempotencyKey("acme", "k1")).isNotEqualTo(ImageIds.forStreamRecord("acme", "k1"));
    }
}
