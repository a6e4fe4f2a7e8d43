package io.imagelake.normalizer.caption;

import io.imagelake.contracts.ImageNormalized;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.icu.segmentation.ICUTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.springframework.stereotype.Component;

/**
 * Captions as search and training want them; the original is always kept untouched.
 * <ul>
 *   <li>NFC first: Vietnamese arrives with the same letter composed (U+1EA1) or decomposed
 *       (a + U+0323), and both must become one string;</li>
 *   <li>control characters become spaces, invisible format characters (bidi overrides,
 *       zero-width characters) are removed;</li>
 *   <li>URLs, emoji and punctuation removed, case lowered for the detected language's locale,
 *       whitespace collapsed ({@code normalized});</li>
 *   <li>words by ICU's word-break rules (Lucene {@link ICUTokenizer}), minus the language's
 *       stopwords ({@code tokens});</li>
 *   <li>the language from {@link LanguageDetector}.</li>
 * </ul>
 */
@Component
public class CaptionNormalizer {

    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
    /** Emoji and other pictographs, their joiners and variation selectors, and punctuation. */
    private static final Pattern SYMBOLS =
            Pattern.compile("[\\p{So}\\p{Cs}\\p{Co}\\x{200D}\\x{FE0E}\\x{FE0F}\\x{20E3}\\p{P}\\p{Sk}\\p{Sm}]+");

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** Control characters (tabs and line breaks among them) separate words. */
    private static final Pattern CONTROLS = Pattern.compile("\\p{Cc}+");
    /**
     * Invisible format characters are removed outright: bidi overrides and isolates (U+202A-202E,
     * U+2066-2069, which reorder what a reader sees), zero-width spaces and joiners, the BOM, soft hyphens.
     */
    private static final Pattern INVISIBLE = Pattern.compile("\\p{Cf}+");

    private final LanguageDetector languages;
    private final Stopwords stopwords;

    public CaptionNormalizer(LanguageDetector languages, Stopwords stopwords) {
        this.languages = languages;
        this.stopwords = stopwords;
    }

    /** The caption normalized, tokenized and its language detected; null for no caption. */
    public ImageNormalized.Caption analyze(String caption) {
        if (caption == null || caption.isBlank()) {
            return caption == null ? null : new ImageNormalized.Caption(caption, "", List.of(), null);
        }
        String nfc = INVISIBLE
                .matcher(CONTROLS.matcher(Normalizer.normalize(caption, Normalizer.Form.NFC))
                        .replaceAll(" "))
                .replaceAll("");
        String cleaned = WHITESPACE
                .matcher(SYMBOLS.matcher(URL.matcher(nfc).replaceAll(" ")).replaceAll(" "))
                .replaceAll(" ")
                .strip();
        String language = languages.detect(cleaned);
        String normalized = cleaned.toLowerCase(language == null ? Locale.ROOT : Locale.forLanguageTag(language));
        return new ImageNormalized.Caption(caption, normalized, tokens(normalized, stopwords.of(language)), language);
    }

    private static List<String> tokens(String text, CharArraySet stop) {
        List<String> tokens = new ArrayList<>();
        try (ICUTokenizer tokenizer = new ICUTokenizer()) {
            tokenizer.setReader(new StringReader(text));
            CharTermAttribute term = tokenizer.addAttribute(CharTermAttribute.class);
            try (TokenStream stream = tokenizer) {
                stream.reset();
                while (stream.incrementToken()) {
                    if (!stop.contains(term.buffer(), 0, term.length())) {
                        tokens.add(term.toString());
                    }
                }
                stream.end();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tokens;
    }
}
