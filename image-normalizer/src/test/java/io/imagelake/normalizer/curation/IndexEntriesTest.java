package io.imagelake.normalizer.curation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IndexEntriesTest {

    @Test
    void anEntryNameIsReadBackFromItsObjectKey() {
        IndexEntries.Name name = new IndexEntries.Name("00ff00ff00ff00ff", "image-1");

        assertThat(IndexEntries.Name.parse("_phash/acme/3/ff/" + name.text())).isEqualTo(name);
        assertThat(IndexEntries.Name.parse("_crop/acme/0029012345/" + name.text()))
                .isEqualTo(name);
        assertThat(IndexEntries.Name.parse("_crop/acme/not-an-entry")).isNull();
    }

    @Test
    void entriesComeInIndexingOrderAndEqualTimesByImageId() {
        Instant at = Instant.parse("2026-11-21T10:00:00Z");

        assertThat(IndexEntries.compare(at, "b", at.plusSeconds(1), "a")).isNegative();
        assertThat(IndexEntries.compare(at, "a", at, "b")).isNegative();
        assertThat(IndexEntries.compare(at, "b", at, "a")).isPositive();
    }
}
