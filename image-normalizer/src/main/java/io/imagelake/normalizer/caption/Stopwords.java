package io.imagelake.normalizer.caption;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.springframework.stereotype.Component;

/**
 * Stopwords per language: Lucene's lists where it has one; Vietnamese (which Lucene lacks) from
 * {@code stopwords/vi.txt}, our own list of the commonest function words.
 */
@Component
public class Stopwords {

    private final Map<String, CharArraySet> byLanguage;

    public Stopwords() {
        this.byLanguage = Map.of(
                "en", EnglishAnalyzer.ENGLISH_STOP_WORDS_SET,
                "fr", FrenchAnalyzer.getDefaultStopSet(),
                "de", GermanAnalyzer.getDefaultStopSet(),
                "es", SpanishAnalyzer.getDefaultStopSet(),
                "vi", load("stopwords/vi.txt"));
    }

    public CharArraySet of(String language) {
        return language == null ? CharArraySet.EMPTY_SET : byLanguage.getOrDefault(language, CharArraySet.EMPTY_SET);
    }

    private static CharArraySet load(String resource) {
        try (InputStream in = Stopwords.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return CharArraySet.unmodifiableSet(new CharArraySet(
                    Arrays.stream(text.split("\\R"))
                            .map(String::strip)
                            .filter(w -> !w.isEmpty() && !w.startsWith("#"))
                            .toList(),
                    false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
