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
 * ({@link RenderMemory}), and how far an embedded colour profile may inflate.
 */
@Validated
@ConfigurationProperties("lake.normalizer.memory")
public record DecodeMemoryProperties(
        // the share of -Xmx that all renders in flight may hold at once; the rest is Spring, Kafka, S3 buffers and
        // originals
        @DefaultValue("0.5") @DecimalMin("0.05") @DecimalMax("0.9")
        double heapShare,
        /* an iCCP profile inflating past this is ignored (real profiles are a few kB to ~1 MB) */
        @DefaultValue("4MB") @NotNull DataSize maxColourProfile) {

    /** The defaults above, bound as Spring binds them (for code that runs without a context: benches, unit tests). */
    public static DecodeMemoryProperties defaults() {
        return new Binder(List.of()).bindOrCreate("lake.normalizer.memory", DecodeMemoryProperties.class);
    }

    public long budgetBytes() {
        return (long) (Runtime.getRuntime().maxMemory() * heapShare);
    }
}
