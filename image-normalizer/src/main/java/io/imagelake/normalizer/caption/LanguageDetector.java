package io.imagelake.normalizer.caption;

import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import com.optimaize.langdetect.text.CommonTextObjectFactories;
import com.optimaize.langdetect.text.TextObjectFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The language of a caption (ISO 639-1), or null when the text is too short to tell. Optimaize's
 * n-gram profiles (70 languages) do the work; Vietnamese has letters no other Latin-script
 * language uses, which settles even a two-word caption.
 */
@Component
@SuppressWarnings("checkstyle:FullyQualifiedName") // the library's LanguageDetector inside the lake's
public class LanguageDetector {

    private static final Pattern VIETNAMESE_LETTERS =
            Pattern.compile("[ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]");
    private static final double MIN_PROBABILITY = 0.8;

    private final com.optimaize.langdetect.LanguageDetector detector;
    private final TextObjectFactory texts = CommonTextObjectFactories.forDetectingShortCleanText();

    public LanguageDetector() {
        try {
            this.detector = LanguageDetectorBuilder.create(NgramExtractors.standard())
                    .withProfiles(new LanguageProfileReader().readAllBuiltIn())
                    .minimalConfidence(MIN_PROBABILITY)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the language profiles", e);
        }
    }

    public String detect(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (VIETNAMESE_LETTERS.matcher(text.toLowerCase()).find()) {
            return "vi";
        }
        return detector.detect(texts.forText(text))
                .transform(locale -> locale.getLanguage())
                .orNull();
    }
}
