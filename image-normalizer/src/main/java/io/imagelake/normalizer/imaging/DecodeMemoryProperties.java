package io.imagelake.normalizer.imaging;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lake.normalizer.memory.*}: how much of the heap the renders in flight may hold together
 * ({@link RenderMemory}), how far an embedded colour profile may inflate, and which native blocks the C allocator
 * keeps between images ({@link NativeHeap}).
 */
@Validated
@ConfigurationProperties("lake.normalizer.memory")
public record DecodeMemoryProperties(
        // the share of -Xmx that all renders in flight may hold at once; the rest is Spring, Kafka, S3 buffers and
        // originals
        @DefaultValue("0.5") @DecimalMin("0.05") @DecimalMax("0.9")
        double heapShare,
        /* an iCCP profile inflating past this is ignored (real profiles are a few kB to ~1 MB) */
        @DefaultValue("4MB") @NotNull DataSize maxColourProfile,
        /* native blocks (libjpeg-turbo's, OpenCV's) under this size are kept in glibc's arenas between images rather
        than mapped and unmapped per image (NativeHeap); 0 leaves glibc's defaults */
        @DefaultValue("256MB") @NotNull DataSize nativeBlocksKept) {

    public DecodeMemoryProperties {
        if (nativeBlocksKept != null
                && (nativeBlocksKept.isNegative() || nativeBlocksKept.toBytes() > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException(
                    "lake.normalizer.memory.native-blocks-kept must be between 0 and 2GB, not " + nativeBlocksKept);
        }
    }

    /** The defaults above, bound as Spring binds them (for code that runs without a context: benches, unit tests). */
    public static DecodeMemoryProperties defaults() {
        return new Binder(List.of()).bindOrCreate("lake.normalizer.memory", DecodeMemoryProperties.class);
    }

    public long budgetBytes() {
        return (long) (Runtime.getRuntime().maxMemory() * heapShare);
    }
}
