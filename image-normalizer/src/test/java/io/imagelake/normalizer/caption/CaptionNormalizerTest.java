package io.imagelake.normalizer.caption;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CaptionNormalizerTest {

    private final CaptionNormalizer normalizer = new CaptionNormalizer();

    @Test
    void composedAndDecomposedVietnameseBecomeTheSameString() {
        String composed = "Ph\u1EDF b\u00F2";            // Phở bò, precomposed
        String decomposed = "Pho\u031B\u0309 bo\u0300";  // o + horn + hook above, o + grave

        assertThat(normalizer.normalize(decomposed)).isEqualTo(normalizer.normalize(composed)).isEqualTo("phở bò");
    }

    @Test
    void whitespaceIsCollapsedAndCaseLowered() {
        assertThat(normalizer.normalize("  A  Red\tBicycle \n")).isEqualTo("a red bicycle");
    }

    @Test
    void noCaptionStaysNoCaption() {
        assertThat(normalizer.normalize(null)).isNull();
    }
}
