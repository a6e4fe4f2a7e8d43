package io.imagelake.normalizer.curation;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code lake.normalizer.dedupe.*}. */
@Validated
@ConfigurationProperties("lake.normalizer.dedupe")
public record DedupeProperties(
        @DefaultValue("true") boolean nearDuplicates,
        /* the largest perceptual-hash Hamming distance that still counts as the same picture */
        @DefaultValue("8") @Min(0) @Max(31) int maxDistance) {
}
