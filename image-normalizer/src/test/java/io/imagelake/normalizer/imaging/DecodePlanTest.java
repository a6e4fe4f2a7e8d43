package io.imagelake.normalizer.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagelake.contracts.RejectionCode;
import io.imagelake.devstack.images.SyntheticImages;
import io.imagelake.normalizer.NormalizerProperties;
import io.imagelake.testing.PropertiesBinding;
import org.junit.jupiter.api.Test;

class DecodePlanTest {

    private static final long MB = 1 << 20;
    private static final NormalizerProperties PROPERTIES = PropertiesBinding.defaults(NormalizerProperties.class);
    private static final byte[] DEEP_PNG = SyntheticImages.largePng(7000, 7000, 16, false);

    private final ImageDecoder decoder = new ImageDecoder(PROPERTIES, DecodeMemoryProperties.defaults());

    @Test
    void theHeaderCountsTheBytesPerPixelOfTheRasterTheReaderWillMake() {
        assertThat(decoder.probe(DEEP_PNG).bytesPerPixel()).isEqualTo(6.0);
        assertThat(decoder.probe(SyntheticImages.largePng(64, 64, 16, true)).bytesPerPixel())
                .isEqualTo(8.0);
        assertThat(decoder.probe(SyntheticImages.largePng(64, 64, 8, false)).bytesPerPixel())
                .isEqualTo(3.0);
        assertThat(decoder.probe(SyntheticImages.jpeg(1, 64, 64)).bytesPerPixel())
                .isEqualTo(3.0);
    }

    @Test
    void theEstimateAddsACopyForEachStageThatMakesOne() {
        ImageDecoder.Header header = decoder.probe(DEEP_PNG);
        long pixels = 7000L * 7000;
        long silver = 1024L * 1024 * DecodePlan.SILVER_BYTES_PER_PIXEL;

        assertThat(DecodePlan.bytes(header, 1, 1024, 1))
                .as("16-bit RGB samples, the opaque INT_RGB copy, the resize")
                .isEqualTo((long) Math.ceil(pixels * (6 + 4 + DecodePlan.RESIZE_BYTES_PER_PIXEL)) + silver);
        assertThat(DecodePlan.bytes(header, 6, 1024, 1) - DecodePlan.bytes(header, 1, 1024, 1))
                .as("turning it upright copies it once more")
                .isEqualTo(pixels * 4);
    }

    @Test
    void aSmallDeepPngOfSevenThousandSquaredIsSubsampledOnLoadWhenItsFullDecodeExceedsTheBudget() {
        ImageDecoder.Header header = decoder.probe(DEEP_PNG);

        DecodePlan plan = DecodePlan.of(header, 1, 1024, 384 * MB);

        assertThat(DEEP_PNG.length).isLessThan(400_000);
        assertThat(DecodePlan.bytes(header, 1, 1024, 1)).isGreaterThan(384 * MB);
        assertThat(plan.subsampling()).isEqualTo(2);
        assertThat(plan.bytes()).isLessThanOrEqualTo(384 * MB);
        assertThat(DecodePlan.of(header, 1, 1024, 2048 * MB).subsampling())
                .as("at full size when it fits")
                .isEqualTo(1);
    }

    @Test
    void anImageThatFitsTheBudgetNoWayWithoutShrinkingBelowTheSilverSizeIsTooLarge() {
        ImageDecoder.Header header = decoder.probe(DEEP_PNG);

        assertThatThrownBy(() -> DecodePlan.of(header, 1, 1024, 40 * MB))
                .isInstanceOfSatisfying(
                        RejectedImageException.class, e -> assertThat(e.code()).isEqualTo(RejectionCode.TOO_LARGE))
                .hasMessageContaining("7000x7000 png")
                .hasMessageContaining("decode budget of 40 MB");
    }
}
