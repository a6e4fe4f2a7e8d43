package io.imagelake.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagelake.ingest.bronze.ReconcilerProperties;
import io.imagelake.ingest.imports.ImportProperties;
import io.imagelake.ingest.staged.StagingProperties;
import io.imagelake.ingest.upload.IdempotencyProperties;
import io.imagelake.ingest.upload.UploadProperties;
import io.imagelake.testing.PropertiesBinding;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.util.unit.DataSize;

/** ingest-api's tunables as Spring binds them: the defaults, and every key reaching its component. */
class IngestConfigurationTest {

    @Test
    void uploadAndIdempotency() {
        assertThat(PropertiesBinding.defaults(
                        UploadProperties.class, Map.of("max-bytes", "25MB", "max-request-bytes", "26MB")))
                .isEqualTo(new UploadProperties(DataSize.ofMegabytes(25), DataSize.ofMegabytes(26), 128, 100));
        PropertiesBinding.assertEveryKeyBinds(
                UploadProperties.class,
                Map.of("max-bytes", "25MB", "max-request-bytes", "26MB"),
                Map.of(
                        "max-bytes",
                        "1MB",
                        "max-request-bytes",
                        "2MB",
                        "max-idempotency-key-length",
                        "64",
                        "max-batch-files",
                        "5"));
        assertThatThrownBy(() -> PropertiesBinding.defaults(UploadProperties.class))
                .as("the size limits are application.yml's, shared with the multipart settings")
                .isInstanceOf(BindException.class);
        assertThat(PropertiesBinding.defaults(IdempotencyProperties.class).leaseTimeout())
                .isEqualTo(Duration.ofMinutes(2));
        PropertiesBinding.assertEveryKeyBinds(IdempotencyProperties.class, Map.of("lease-timeout", "10s"));
    }

    @Test
    void importsAndTheReconciler() {
        ImportProperties defaults = PropertiesBinding.defaults(ImportProperties.class);
        assertThat(defaults.sources()).isEmpty();
        assertThat(defaults.maxZipBytes()).isEqualTo(DataSize.ofMegabytes(512));
        assertThat(defaults.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        ImportProperties every = PropertiesBinding.assertEveryKeyBinds(
                ImportProperties.class,
                Map.of(
                        "sources.acme[0]",
                        "partner/acme/",
                        "default-bucket",
                        "other",
                        "max-zip-bytes",
                        "1MB",
                        "max-zip-entries",
                        "9",
                        "checkpoint-every-files",
                        "3",
                        "poll-interval",
                        "1s",
                        "heartbeat-timeout",
                        "5s",
                        "max-failures-kept",
                        "7"));
        assertThat(every.sources()).containsEntry("acme", List.of("partner/acme/"));
        assertThat(PropertiesBinding.defaults(ReconcilerProperties.class))
                .isEqualTo(new ReconcilerProperties(
                        Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(15), Duration.ofMillis(200)));
        PropertiesBinding.assertEveryKeyBinds(
                ReconcilerProperties.class,
                Map.of("interval", "1s", "delay", "2s", "abandon-after", "3m", "clear-interval", "50ms"));
        assertThat(PropertiesBinding.defaults(StagingProperties.class))
                .isEqualTo(new StagingProperties(Duration.ofHours(24), Duration.ofMinutes(5), Duration.ofMinutes(15)));
        PropertiesBinding.assertEveryKeyBinds(
                StagingProperties.class, Map.of("expiry", "2h", "sweep-interval", "1m", "direct-url-ttl", "5m"));
    }
}
