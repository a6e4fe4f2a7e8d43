package io.imagelake.normalizer.caption;

import org.springframework.stereotype.Component;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The caption as search and training want it. Vietnamese arrives with the same letter composed
 * (U+1EA1) or decomposed (a + U+0323); NFC makes them one string. Tokenizing, stopwords and
 * language detection come with the caption NLP work; the original is always kept untouched.
 */
@Component
public class CaptionNormalizer {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    public String normalize(String caption) {
        if (caption == null) {
            return null;
        }
        String nfc = Normalizer.normalize(caption, Normalizer.Form.NFC);
        return WHITESPACE.matcher(nfc.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }
}
