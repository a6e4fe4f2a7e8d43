package io.imagelake.normalizer.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import io.imagelake.contracts.RejectionCode;
import io.imagelake.devstack.images.SyntheticImages;
import io.imagelake.normalizer.NormalizerProperties;
import io.imagelake.testing.PropertiesBinding;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.IIOException;
import org.junit.jupiter.api.Test;

/**
 * Small files that ask a decoder for a lot of memory. Allocation is measured per thread
 * ({@code com.sun.management.ThreadMXBean}), so each bound is checked exactly, whatever the heap of the test JVM.
 */
class MemoryHungryImagesTest {

    private static final long MB = 1 << 20;
    private static final NormalizerProperties PROPERTIES = PropertiesBinding.defaults(NormalizerProperties.class);
    private static final byte[] DEEP_PNG = SyntheticImages.largePng(7000, 7000, 16, false);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RenderMemory memory = new RenderMemory(384 * MB, meters);

    @Test
    void aSevenThousandSquaredSixteenBitPngIsRenderedWithinTheDecodeBudget() throws Exception {
        SilverRenderer renderer = Renderers.of(PROPERTIES, memory);

        long before = allocated();
        SilverRenderer.Rendition<?> rendition = renderer.render(DEEP_PNG);
        long allocated = allocated() - before;

        assertThat(rendition.width()).isEqualTo(1024);
        assertThat(rendition.height()).isEqualTo(1024);
        assertThat(rendition.originalWidth()).isEqualTo(7000);
        assertThat(rendition.originalFormat()).isEqualTo("png");
        assertThat(allocated).as("bytes allocated by the render").isLessThan(384 * MB);
        assertThat(meters.get("lake.normalizer.decode.memory.reserved").gauge().value())
                .as("given back")
                .isZero();
    }

    @Test
    void aCompressedTextChunkThatInflatesToHalfAGigabyteIsNeverInflated() throws Exception {
        byte[] bomb = SyntheticImages.withPngChunk(
                SyntheticImages.png(3, 400, 300),
                "zTXt",
                concat("Comment\0\0".getBytes(StandardCharsets.ISO_8859_1), SyntheticImages.deflatedZeros(512 * MB)));
        SilverRenderer renderer = Renderers.of(PROPERTIES, memory);

        long before = allocated();
        SilverRenderer.Rendition<?> rendition = renderer.render(bomb);

        assertThat(rendition.width()).isEqualTo(400);
        assertThat(allocated() - before).as("bytes allocated by the render").isLessThan(64 * MB);
    }

    @Test
    void aColourProfileThatInflatesPastItsLimitIsIgnoredAfterAtMostTheLimit() throws Exception {
        byte[] bomb = SyntheticImages.withPngChunk(
                SyntheticImages.png(4, 400, 300),
                "iCCP",
                concat("bomb\0\0".getBytes(StandardCharsets.ISO_8859_1), SyntheticImages.deflatedZeros(512 * MB)));
        SilverRenderer renderer = Renderers.of(PROPERTIES, memory);

        assertThat(PngChunks.colourProfile(bomb, 4 * MB)).isEmpty();
        long before = allocated();
        assertThat(renderer.render(bomb).width()).isEqualTo(400);
        assertThat(allocated() - before).as("bytes allocated by the render").isLessThan(64 * MB);
    }

    @Test
    void anOutOfMemoryErrorAmongOtherRendersIsTriedAgainAloneAndThenSucceeds() throws Exception {
        AtomicInteger failures = new AtomicInteger(1);
        SilverRenderer renderer = renderer(failures);

        SilverRenderer.Rendition<?> rendition = renderer.render(SyntheticImages.jpeg(5, 800, 600));

        assertThat(rendition.width()).isEqualTo(800);
        assertThat(failures).hasValue(0);
    }

    @Test
    void anImageThatExhaustsTheHeapEvenAloneIsTooLargeNotCorruptAndNotAnError() {
        SilverRenderer renderer = renderer(new AtomicInteger(Integer.MAX_VALUE));

        assertThatThrownBy(() -> renderer.render(SyntheticImages.jpeg(6, 800, 600)))
                .isInstanceOfSatisfying(
                        RejectedImageException.class, e -> assertThat(e.code()).isEqualTo(RejectionCode.TOO_LARGE))
                .hasMessageContaining("even when decoded alone");
    }

    @Test
    void anOutOfMemoryErrorThatAReaderWrapsIsFoundAndNeverTakenForCorruptBytes() {
        // the JDK's PNG reader wraps whatever its read throws in an IIOException ("Error reading PNG image data")
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");

        assertThat(ImageDecoder.outOfMemory(new IIOException("Error reading PNG image data", oom)))
                .isSameAs(oom);
        assertThat(ImageDecoder.outOfMemory(new IIOException("bad CRC"))).isNull();
    }

    /** A renderer whose decoder runs out of memory {@code failures} times, then decodes as usual. */
    private SilverRenderer renderer(AtomicInteger failures) {
        ImageDecoder failing = new ImageDecoder(PROPERTIES, DecodeMemoryProperties.defaults()) {
            @Override
            public Decoded decode(byte[] bytes, Header header, int subsampling) {
                if (failures.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(0, n - 1)) > 0) {
                    throw new OutOfMemoryError("Java heap space (simulated)");
                }
                return super.decode(bytes, header, subsampling);
            }
        };
        return new SilverRenderer(failing, memory, PROPERTIES, meters);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static long allocated() {
        return ((ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
