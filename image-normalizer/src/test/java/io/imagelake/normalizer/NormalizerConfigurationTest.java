package io.imagelake.normalizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagelake.normalizer.curation.DedupeProperties;
import io.imagelake.normalizer.curation.GateProperties;
import io.imagelake.normalizer.imaging.DecodeMemoryProperties;
import io.imagelake.normalizer.reprocessing.ReprocessingProperties;
import io.imagelake.testing.PropertiesBinding;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.util.unit.DataSize;

/** The normalizer's tunables as Spring binds them: the defaults, and every key reaching its component. */
class NormalizerConfigurationTest {

    @Test
    void theRendition() {
        assertThat(PropertiesBinding.defaults(NormalizerProperties.class))
                .isEqualTo(new NormalizerProperties(
                        "v1",
                        1024,
                        256,
                        0.85f,
                        50_000_000,
                        30_000,
                        DataSize.ofMegabytes(64),
                        Duration.ofSeconds(20),
                        true,
                        "#FFFFFF"));
        PropertiesBinding.assertEveryKeyBinds(
                NormalizerProperties.class,
                Map.of(
                        "pipeline-version",
                        "v2",
                        "max-long-edge",
                        "512",
                        "thumbnail-long-edge",
                        "128",
                        "jpeg-quality",
                        "0.5",
                        "max-pixels",
                        "1000",
                        "max-dimension",
                        "100",
                        "max-input-bytes",
                        "1MB",
                        "decode-timeout",
                        "1s",
                        "native-jpeg",
                        "false",
                        "background",
                        "#000000"));
        assertThatThrownBy(() -> PropertiesBinding.bind(NormalizerProperties.class, Map.of("background", "white")))
                .isInstanceOf(BindException.class);
    }

    @Test
    void curationGatesMemoryAndReprocessing() {
        DedupeProperties dedupe = PropertiesBinding.defaults(DedupeProperties.class);
        assertThat(dedupe.nearDuplicates()).isTrue();
        assertThat(dedupe.maxDistance()).isEqualTo(8);
        assertThat(dedupe.crops().syncInterval()).isEqualTo(Duration.ofSeconds(1));
        PropertiesBinding.assertEveryKeyBinds(
                DedupeProperties.class,
                Map.of(
                        "near-duplicates",
                        "false",
                        "max-distance",
                        "4",
                        "crops.enabled",
                        "false",
                        "crops.max-distance",
                        "5",
                        "crops.min-correlation",
                        "0.5",
                        "crops.max-candidates",
                        "2",
                        "crops.sync-interval",
                        "3s",
                        "crops.clock-skew",
                        "1m",
                        "crops.full-listing-after",
                        "1h"));
        assertThat(PropertiesBinding.defaults(GateProperties.class))
                .isEqualTo(new GateProperties(64, 10.0, false, 0, List.of()));
        PropertiesBinding.assertEveryKeyBinds(
                GateProperties.class,
                Map.of(
                        "min-short-edge",
                        "32",
                        "min-sharpness",
                        "2.5",
                        "caption-required",
                        "true",
                        "min-tokens",
                        "2",
                        "languages",
                        "vi,en"));
        assertThat(PropertiesBinding.defaults(DecodeMemoryProperties.class).maxColourProfile())
                .isEqualTo(DataSize.ofMegabytes(4));
        PropertiesBinding.assertEveryKeyBinds(
                DecodeMemoryProperties.class,
                Map.of("heap-share", "0.25", "max-colour-profile", "1MB", "native-blocks-kept", "0"));
        assertThat(PropertiesBinding.defaults(ReprocessingProperties.class))
                .isEqualTo(new ReprocessingProperties(
                        URI.create("http://127.0.0.1:8083"),
                        Duration.ofSeconds(10),
                        200,
                        50,
                        20,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(30)));
        PropertiesBinding.assertEveryKeyBinds(
                ReprocessingProperties.class,
                Map.of(
                        "catalog-uri",
                        "http://catalog:8083",
                        "catalog-timeout",
                        "1s",
                        "page-size",
                        "10",
                        "keep-finished-jobs",
                        "2",
                        "max-listed-failures",
                        "3",
                        "heartbeat-interval",
                        "1s",
                        "lease",
                        "9s"));
    }
}
