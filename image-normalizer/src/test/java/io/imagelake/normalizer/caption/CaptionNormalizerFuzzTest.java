package io.imagelake.normalizer.caption;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Any caption normalizes, and what comes out holds no control or invisible format character. */
class CaptionNormalizerFuzzTest {

    private static final CaptionNormalizer NORMALIZER = new CaptionNormalizer(new LanguageDetector(), new Stopwords());

    @FuzzTest(maxDuration = "5s")
    void anyCaptionNormalizesWithoutControlOrInvisibleCharacters(String caption) {
        var analyzed = NORMALIZER.analyze(caption);
        if (caption == null || analyzed == null || analyzed.normalized() == null) {
            return;
        }
        assertThat(analyzed.normalized().codePoints())
                .noneMatch(c -> Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.CONTROL);
        assertThat(analyzed.original()).isEqualTo(caption);
    }
}
