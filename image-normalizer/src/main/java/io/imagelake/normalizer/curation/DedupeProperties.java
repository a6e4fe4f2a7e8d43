package io.imagelake.normalizer.curation;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code lake.normalizer.dedupe.*}. */
@Validated
@ConfigurationProperties("lake.normalizer.dedupe")
public record DedupeProperties(
        @DefaultValue("true") boolean nearDuplicates,
        /* the largest perceptual-hash Hamming distance that still counts as the same picture */
        @DefaultValue("8") @Min(0) @Max(31) int maxDistance,
        @DefaultValue @NotNull Crops crops) {

    /** {@code lake.normalizer.dedupe.crops.*}: the same picture cropped by up to ~10 % per side. */
    public record Crops(
            @DefaultValue("true") boolean enabled,
            /* hash distance between a probe and an earlier image's centre that makes it a candidate */
            @DefaultValue("8") @Min(0) @Max(31) int maxDistance,
            /* the pixel check a candidate must pass: correlation of the two grey patches */
            @DefaultValue("0.85") @DecimalMin("0") @DecimalMax("1")
            double minCorrelation,
            /* at most this many candidates are checked (each one small read), earliest first */
            @DefaultValue("8") @Min(1) int maxCandidates,
            /* how often an instance lists the centres other instances added */
            @DefaultValue("1s") @NotNull Duration syncInterval,
            /* how far instances' clocks may disagree: recent listings reach back this far */
            @DefaultValue("2m") @NotNull Duration clockSkew,
            /* a tenant idle this long is listed whole again rather than minute folder by folder */
            @DefaultValue("30m") @NotNull Duration fullListingAfter) {}
}
