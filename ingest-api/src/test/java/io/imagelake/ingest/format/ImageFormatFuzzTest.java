package io.imagelake.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/** Format sniffing on any bytes never throws, and a format found in a file's head is the whole file's format. */
class ImageFormatFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void anyBytesAreSniffedWithoutFailingAndTheHeadDecidesAlone(byte[] bytes) {
        var format = ImageFormat.detect(bytes);
        if (format.isPresent() && bytes.length > 64) {
            // the upload path sniffs the first bytes of a stream it has not read to the end
            assertThat(ImageFormat.detect(Arrays.copyOf(bytes, 64))).isEqualTo(format);
        }
    }
}
