package io.imagelake.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagelake.catalog.datasets.DatasetProperties;
import io.imagelake.catalog.datasets.SplitRatios;
import io.imagelake.catalog.events.EventStreamProperties;
import io.imagelake.catalog.feed.FeedProperties;
import io.imagelake.catalog.images.ListingProperties;
import io.imagelake.catalog.integrity.IntegrityProperties;
import io.imagelake.catalog.retention.RetentionProperties;
import io.imagelake.catalog.webhooks.WebhookProperties;
import io.imagelake.testing.PropertiesBinding;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.util.unit.DataSize;

/** The catalog's tunables as Spring binds them: each default, each key, each bound. */
class CatalogConfigurationTest {

    @Test
    void catalogDefaultsAndFullMapping() {
        assertThat(PropertiesBinding.defaults(CatalogProperties.class))
                .isEqualTo(new CatalogProperties("", Duration.ofMinutes(15), "lake"));
        assertThat(PropertiesBinding.bind(
                        CatalogProperties.class,
                        Map.of("database", "cat", "presign-ttl", "5m", "default-database", "other")))
                .isEqualTo(new CatalogProperties("cat", Duration.ofMinutes(5), "other"));
    }

    @Test
    void retentionDefaultsAndFullMapping() {
        assertThat(PropertiesBinding.defaults(RetentionProperties.class))
                .isEqualTo(new RetentionProperties(Duration.ofDays(30), null, null, Duration.ofHours(1), 500));
        assertThat(PropertiesBinding.bind(
                        RetentionProperties.class,
                        Map.of(
                                "bronze",
                                "10",
                                "silver",
                                "8d",
                                "gold",
                                "400d",
                                "sweep-interval",
                                "10m",
                                "sweep-batch",
                                "50")))
                .as("a bare number is days")
                .isEqualTo(new RetentionProperties(
                        Duration.ofDays(10), Duration.ofDays(8), Duration.ofDays(400), Duration.ofMinutes(10), 50));
        assertThatThrownBy(() -> PropertiesBinding.bind(RetentionProperties.class, Map.of("gold", "3d")))
                .isInstanceOf(BindException.class)
                .hasStackTraceContaining("7-day archival minimum");
    }

    @Test
    void webhookAndEventStreamDefaultsAndFullMapping() {
        WebhookProperties defaults = PropertiesBinding.defaults(WebhookProperties.class);
        assertThat(defaults.allowPrivateTargets())
                .as("never call private addresses unless told")
                .isFalse();
        assertThat(defaults.giveUpAfter()).isEqualTo(Duration.ofHours(24));
        assertThat(defaults.logRetention())
                .as("a tenant reads a month of its delivery log")
                .isEqualTo(Duration.ofDays(30));
        PropertiesBinding.assertEveryKeyBinds(
                WebhookProperties.class,
                Map.ofEntries(
                        Map.entry("signing-key", "k"),
                        Map.entry("allow-private-targets", "true"),
                        Map.entry("max-per-tenant", "3"),
                        Map.entry("poll-interval", "2s"),
                        Map.entry("batch", "7"),
                        Map.entry("lease", "2m"),
                        Map.entry("connect-timeout", "1s"),
                        Map.entry("timeout", "3s"),
                        Map.entry("first-retry", "10s"),
                        Map.entry("max-backoff", "2h"),
                        Map.entry("give-up-after", "12h"),
                        Map.entry("log-retention", "7d"),
                        Map.entry("prune-interval", "10m")));
        PropertiesBinding.assertEveryKeyBinds(
                EventStreamProperties.class, Map.of("max-streams", "5", "max-duration", "1m", "heartbeat", "5s"));
    }

    @Test
    void datasetDefaultsAndFullMapping() {
        assertThat(PropertiesBinding.defaults(DatasetProperties.class))
                .isEqualTo(new DatasetProperties(
                        1000,
                        DataSize.ofMegabytes(256),
                        new SplitRatios(0.8, 0.1, 0.1),
                        1,
                        Duration.ofMinutes(2),
                        Duration.ofSeconds(20),
                        3,
                        "proprietary: the tenant's own images, under the tenant's terms"));
        assertThat(PropertiesBinding.bind(
                        DatasetProperties.class,
                        Map.of(
                                "shard-max-images",
                                "10",
                                "shard-max-bytes",
                                "1MB",
                                "split.train",
                                "0.5",
                                "split.validation",
                                "0.25",
                                "split.test",
                                "0.25",
                                "concurrent-builds",
                                "2",
                                "stale-after",
                                "1m",
                                "heartbeat",
                                "5s",
                                "max-attempts",
                                "9",
                                "license",
                                "https://creativecommons.org/licenses/by/4.0/")))
                .isEqualTo(new DatasetProperties(
                        10,
                        DataSize.ofMegabytes(1),
                        new SplitRatios(0.5, 0.25, 0.25),
                        2,
                        Duration.ofMinutes(1),
                        Duration.ofSeconds(5),
                        9,
                        "https://creativecommons.org/licenses/by/4.0/"));
        assertThatThrownBy(() -> PropertiesBinding.bind(DatasetProperties.class, Map.of("shard-max-images", "0")))
                .isInstanceOf(BindException.class);
    }

    @Test
    void feedListingAndIntegrityDefaultsAndFullMapping() {
        assertThat(PropertiesBinding.defaults(FeedProperties.class))
                .isEqualTo(new FeedProperties(100, 1000, Duration.ofSeconds(30), 50_000));
        assertThat(PropertiesBinding.bind(
                        FeedProperties.class,
                        Map.of("default-limit", "5", "max-limit", "50", "gap-grace", "2s", "max-scan", "9")))
                .isEqualTo(new FeedProperties(5, 50, Duration.ofSeconds(2), 9));
        assertThat(PropertiesBinding.defaults(ListingProperties.class)).isEqualTo(new ListingProperties(100, 1000));
        assertThat(PropertiesBinding.bind(ListingProperties.class, Map.of("default-limit", "7", "max-limit", "70")))
                .isEqualTo(new ListingProperties(7, 70));
        assertThat(PropertiesBinding.defaults(IntegrityProperties.class))
                .isEqualTo(new IntegrityProperties(
                        Duration.ofHours(6), Duration.ofMinutes(15), 100, 10_000, Duration.ofMinutes(1)));
        assertThat(PropertiesBinding.bind(
                        IntegrityProperties.class,
                        Map.of(
                                "interval",
                                "1h",
                                "orphan-grace",
                                "1m",
                                "report-sample",
                                "3",
                                "max-reemits-per-run",
                                "4",
                                "report-refresh",
                                "5s")))
                .isEqualTo(new IntegrityProperties(
                        Duration.ofHours(1), Duration.ofMinutes(1), 3, 4, Duration.ofSeconds(5)));
        assertThatThrownBy(() -> PropertiesBinding.bind(FeedProperties.class, Map.of("max-scan", "0")))
                .isInstanceOf(BindException.class);
    }
}
