package io.imagelake.normalizer.curation;

import io.imagelake.contracts.RejectionCode;
import io.imagelake.normalizer.features.CropSignature;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Whether an image repeats one of its tenant's earlier images: the same bytes, then (if enabled)
 * the same frame by perceptual hash, then the same picture cropped differently. Each stage is
 * dearer than the one before, so the first match wins. The near and crop indexes learn the image
 * as they look, so later images are compared with it whatever this one's verdict.
 */
@Component
public class DuplicateCascade {

    /**
     * The earlier image this one repeats: which stage found it ({@code lake.normalizer.duplicates{match}}), the reason.
     */
    public record Duplicate(String firstImageId, String match, RejectionCode code, String detail) {}

    private final ExactDuplicateIndex exact;
    private final NearDuplicateIndex nearDuplicates;
    private final CropDuplicateIndex crops;
    private final DedupeProperties dedupe;
    private final MeterRegistry meters;

    public DuplicateCascade(
            ExactDuplicateIndex exact,
            NearDuplicateIndex nearDuplicates,
            CropDuplicateIndex crops,
            DedupeProperties dedupe,
            MeterRegistry meters) {
        this.exact = exact;
        this.nearDuplicates = nearDuplicates;
        this.crops = crops;
        this.dedupe = dedupe;
        this.meters = meters;
    }

    /** The first earlier image of {@code tenant} that {@code imageId} repeats, if any. */
    public Optional<Duplicate> firstRepeated(
            String tenant, String imageId, String sha256, String phash, CropSignature crop) throws Exception {
        Optional<Duplicate> found = exact.duplicateOf(tenant, sha256, imageId)
                .map(first ->
                        new Duplicate(first, "exact", RejectionCode.DUPLICATE, "the same bytes as image " + first));
        if (found.isEmpty() && dedupe.nearDuplicates()) {
            // indexed before it looks: concurrent instances then agree on which of two alike images came first
            found = nearDuplicates
                    .indexAndFindEarlier(tenant, imageId, phash)
                    .map(first -> new Duplicate(
                            first,
                            "whole-frame",
                            RejectionCode.NEAR_DUPLICATE,
                            "perceptual hash within " + dedupe.maxDistance() + " bits of image " + first));
        }
        if (found.isEmpty() && dedupe.crops().enabled()) {
            var cropOf = crops.nearestEarlier(tenant, imageId, crop);
            crops.add(tenant, imageId, crop.centre());
            found = cropOf.map(match -> new Duplicate(
                    match.imageId(),
                    "crop",
                    RejectionCode.NEAR_DUPLICATE,
                    String.format(
                            Locale.ROOT,
                            "the picture of image %s cropped differently (centre hash within %d bits, correlation %.2f)",
                            match.imageId(),
                            match.distance(),
                            match.correlation())));
        }
        found.ifPresent(duplicate -> meters.counter("lake.normalizer.duplicates", "match", duplicate.match())
                .increment());
        return found;
    }
}
