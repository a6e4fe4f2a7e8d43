package io.imagelake.normalizer.curation;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.contracts.ImageNormalized;
import io.imagelake.contracts.ObjectRef;
import io.imagelake.contracts.Reason;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityGatesTest {

    private static ImageNormalized image(
            int width, int height, double sharpness, String caption, List<String> tokens, String language) {
        return new ImageNormalized(
                1,
                "e",
                "i",
                "c",
                "v1",
                new ObjectRef("silver", "k"),
                Math.min(width, 1024),
                Math.min(height, 1024),
                "jpeg",
                10,
                "00",
                new ImageNormalized.Original(width, height, "jpeg", 1, null, null, null),
                caption == null ? null : new ImageNormalized.Caption(caption, caption, tokens, language),
                new ImageNormalized.Features("0000000000000000", sharpness, 0.5, 0.2),
                Instant.now());
    }

    @Test
    void aSharpLargeEnoughImagePassesTheDefaults() {
        QualityGates gates = new QualityGates(new GateProperties(64, 10.0, false, 0, List.of()));

        assertThat(gates.failed(image(800, 600, 120, null, List.of(), null))).isEmpty();
    }

    @Test
    void everyFailedGateIsAReason() {
        QualityGates strict = new QualityGates(new GateProperties(300, 10.0, true, 2, List.of("vi", "en")));

        List<Reason> reasons = strict.failed(image(200, 150, 3.0, null, List.of(), null));

        assertThat(reasons)
                .extracting(Reason::code)
                .containsExactly("TOO_SMALL", "TOO_BLURRY", "NO_CAPTION", "TOO_FEW_TOKENS");
    }

    @Test
    void aCaptionInALanguageOutsideTheAllowListFails() {
        QualityGates gates = new QualityGates(new GateProperties(0, 0, true, 0, List.of("vi")));

        assertThat(gates.failed(image(800, 600, 100, "bonjour", List.of("bonjour"), "fr")))
                .extracting(Reason::code)
                .containsExactly("LANGUAGE_NOT_ALLOWED");
        assertThat(gates.failed(image(800, 600, 100, "xin chào", List.of("xin", "chào"), "vi")))
                .isEmpty();
    }
}
