package io.imagelake.catalog.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionPropertiesTest {

    @Test
    void noZoneMayDeleteAProcessedImageBeforeSevenDays() {
        assertThatThrownBy(() -> new RetentionProperties(Duration.ofDays(6), null, null, Duration.ofHours(1), 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lake.catalog.retention.bronze=6d")
                .hasMessageContaining("7-day archival minimum");
        assertThatThrownBy(() -> new RetentionProperties(
                        Duration.ofDays(30), Duration.ofHours(12), null, Duration.ofHours(1), 100))
                .hasMessageContaining("lake.catalog.retention.silver");
    }

    @Test
    void sevenDaysOrMoreOrForeverIsAccepted() {
        RetentionProperties properties =
                new RetentionProperties(Duration.ofDays(7), null, Duration.ofDays(365), Duration.ofHours(1), 100);

        assertThat(properties.expiring()).containsOnlyKeys("bronze", "gold");
    }
}
