package io.imagelake.normalizer.caption;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.contracts.ImageNormalized;
import org.junit.jupiter.api.Test;

class CaptionNormalizerTest {

    private static final CaptionNormalizer normalizer = new CaptionNormalizer(new LanguageDetector(), new Stopwords());

    @Test
    void composedAndDecomposedVietnameseBecomeTheSameStringAndTokens() {
        String composed = "Ph\u1EDF b\u00F2 \u1EDF H\u00E0 N\u1ED9i"; // Phở bò ở Hà Nội, precomposed
        String decomposed = "Pho\u031B\u0309 bo\u0300 o\u031B\u0309 Ha\u0300 No\u0302\u0323i";

        ImageNormalized.Caption a = normalizer.analyze(composed);
        ImageNormalized.Caption b = normalizer.analyze(decomposed);

        assertThat(b.normalized()).isEqualTo(a.normalized()).isEqualTo("phở bò ở hà nội");
        assertThat(b.tokens()).isEqualTo(a.tokens()).containsExactly("phở", "bò", "hà", "nội");
        assertThat(a.language()).isEqualTo("vi");
        assertThat(b.original()).isEqualTo(decomposed);
    }

    @Test
    void englishLosesItsStopwordsAndIsRecognised() {
        ImageNormalized.Caption caption =
                normalizer.analyze("A red bicycle leaning by the old wooden fence in the morning");

        assertThat(caption.language()).isEqualTo("en");
        assertThat(caption.tokens()).containsExactly("red", "bicycle", "leaning", "old", "wooden", "fence", "morning");
    }

    @Test
    void urlsEmojiAndPunctuationAreRemovedAndWhitespaceCollapsed() {
        ImageNormalized.Caption caption =
                normalizer.analyze("  Sunset!!! 🌅🔥 over   the harbour — see https://example.com/p?x=1 #travel  ");

        assertThat(caption.normalized()).isEqualTo("sunset over the harbour see travel");
        assertThat(caption.tokens())
                .doesNotContain("the", "https", "example.com")
                .contains("sunset", "harbour", "travel");
    }

    @Test
    void vietnameseStopwordsAreRemoved() {
        ImageNormalized.Caption caption = normalizer.analyze("Cà phê sữa đá của tôi rất ngon và thơm");

        assertThat(caption.tokens()).containsExactly("cà", "phê", "sữa", "đá", "ngon", "thơm");
    }

    @Test
    void controlBidiOverrideAndZeroWidthCharactersLeaveTheNormalizedCaption() {
        // U+202E (right-to-left override) shows "evil<RLO>gnp.exe" as "evilexe.png"; a zero-width space hides inside a
        // word
        var caption = normalizer.analyze("Ph\u200Bở\u00ADbò\tngon\u0007 evil\u202Egnp.exe\u2066x\u2069\uFEFF");

        assertThat(caption.normalized()).isEqualTo("phởbò ngon evilgnp exex");
        assertThat(caption.normalized()).doesNotContainPattern("[\\p{Cc}\\p{Cf}]");
        assertThat(caption.original()).as("the original is kept untouched").contains("\u202E");
    }

    @Test
    void noCaptionStaysNoCaptionAndABlankOneHasNoTokens() {
        assertThat(normalizer.analyze(null)).isNull();
        assertThat(normalizer.analyze("   ").tokens()).isEmpty();
        assertThat(normalizer.analyze("🙂🙂").language()).isNull();
    }
}
