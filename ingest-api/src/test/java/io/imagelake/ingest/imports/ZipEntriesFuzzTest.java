package io.imagelake.ingest.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Any uploaded zip: it opens or fails the job as invalid, and every entry reads as its bytes (within the limit),
 * too large, or damaged; never another exception, which the import worker would take for an outage and retry.
 */
class ZipEntriesFuzzTest {

    private static final long LIMIT = 64 * 1024;

    @FuzzTest(maxDuration = "5s")
    void anyZipOpensOrIsInvalidAndEachEntryIsReadTooLargeOrDamaged(byte[] upload) throws IOException {
        Path local = Files.createTempFile("fuzz-import-", ".zip");
        try {
            Files.write(local, upload);
            try (ZipEntries zip = ZipEntries.open(local, 100)) {
                for (var entry : zip.entries()) {
                    ZipEntries.Content content = zip.read(entry, LIMIT);
                    if (content.bytes() != null) {
                        assertThat(content.bytes().length).isLessThanOrEqualTo((int) LIMIT);
                    } else {
                        assertThat(content.tooLarge() || content.damage() != null)
                                .isTrue();
                    }
                }
            } catch (ImportRunner.InvalidZipException invalid) {
                assertThat(invalid.getMessage()).isNotBlank();
            }
        } finally {
            Files.deleteIfExists(local);
        }
    }
}
