package io.imagelake.normalizer.curation;

import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code lake.normalizer.gates.*}: what an image must be to be curated into gold. */
@Validated
@ConfigurationProperties("lake.normalizer.gates")
public record GateProperties(
        /* of the original, in pixels */
        @DefaultValue("64") @Min(0) int minShortEdge,
        /* variance of the Laplacian on the normalized image: sharp photos score 90-3500, a heavy blur ~3 */
        @DefaultValue("10.0") double minSharpness,
        @DefaultValue("false") boolean captionRequired,
        @DefaultValue("0") @Min(0) int minTokens,
        /* caption languages allowed; empty = any */
        @DefaultValue List<String> languages) {}
