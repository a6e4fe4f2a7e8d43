package io.imagelake.normalizer.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.imagelake.normalizer.NormalizerProperties;
import io.imagelake.testing.PropertiesBinding;

/**
 * Any bytes through the whole silver render, every decoder entry point included (ImageIO and TwelveMonkeys, the
 * native JPEG path, libheif): a rendition within the silver size, or a rejection with its reason; never another
 * exception. Seeded with a small file of each format ({@code DecodersFuzzTestInputs}).
 */
class DecodersFuzzTest {

    private static final NormalizerProperties PROPERTIES = PropertiesBinding.defaults(NormalizerProperties.class);
    private static final SilverRenderer RENDERER = Renderers.of(PROPERTIES);

    /**
     * No JUnit timeout: Jazzer applies it to the whole fuzzing run. An input slower than the decode deadline shows as
     * libFuzzer's "Slowest unit", which {@code bench/fuzz.sh} reports against the deadline.
     */
    @FuzzTest(maxDuration = "5s")
    void anyBytesRenderWithinTheSilverSizeOrAreRejectedWithAReason(byte[] bytes) throws InterruptedException {
        try {
            var rendition = RENDERER.render(bytes);
            assertThat(Math.max(rendition.width(), rendition.height())).isLessThanOrEqualTo(PROPERTIES.maxLongEdge());
            assertThat(rendition.jpeg()).isNotEmpty();
        } catch (RejectedImageException rejected) {
            assertThat(rejected.code()).isNotNull();
        }
    }
}
