package io.imagelake.normalizer.pipeline;

import io.imagelake.support.storage.ContentDigest;
import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.ImageNormalized;
import io.imagelake.contracts.ImagePromoted;
import io.imagelake.contracts.ImageRejected;
import io.imagelake.contracts.ImageStatus;
import io.imagelake.contracts.ObjectKeys;
import io.imagelake.contracts.ObjectRef;
import io.imagelake.contracts.Reason;
import io.imagelake.contracts.Zone;
import io.imagelake.normalizer.NormalizerProperties;
import io.imagelake.normalizer.caption.CaptionNormalizer;
import io.imagelake.normalizer.curation.CropDuplicateIndex;
import io.imagelake.normalizer.curation.DedupeProperties;
import io.imagelake.normalizer.curation.ExactDuplicateIndex;
import io.imagelake.normalizer.curation.GoldPromoter;
import io.imagelake.normalizer.curation.NearDuplicateIndex;
import io.imagelake.normalizer.curation.QualityGates;
import io.imagelake.normalizer.features.CropSignature;
import io.imagelake.normalizer.imaging.RejectedImageException;
import io.imagelake.normalizer.imaging.SilverRenderer;
import io.imagelake.normalizer.silver.ZoneStore;
import io.imagelake.support.kafka.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One ingested image through to silver, then curated: promoted to gold, or rejected with every
 * failed gate, or marked a duplicate of the tenant's first image with the same bytes. The silver key depends only on image and pipeline version,
 * and event ids are derived from them too, so a redelivered event rewrites the same object and
 * re-emits an event the catalog recognises as already applied.
 */
@Service
public class NormalizationPipeline {

    private final ZoneStore store;
    private final SilverRenderer renderer;
    private final CaptionNormalizer captions;
    private final EventPublisher events;
    private final QualityGates gates;
    private final ExactDuplicateIndex duplicates;
    private final NearDuplicateIndex nearDuplicates;
    private final CropDuplicateIndex crops;
    private final DedupeProperties dedupe;
    private final GoldPromoter gold;
    private final NormalizerProperties properties;
    private final MeterRegistry meters;

    public NormalizationPipeline(ZoneStore store, SilverRenderer renderer, CaptionNormalizer captions,
                                 EventPublisher events, QualityGates gates, ExactDuplicateIndex duplicates,
                                 NearDuplicateIndex nearDuplicates, CropDuplicateIndex crops, DedupeProperties dedupe,
                                 GoldPromoter gold, NormalizerProperties properties, MeterRegistry meters) {
        this.nearDuplicates = nearDuplicates;
        this.crops = crops;
        this.dedupe = dedupe;
        this.gates = gates;
        this.duplicates = duplicates;
        this.gold = gold;
        this.store = store;
        this.renderer = renderer;
        this.captions = captions;
        this.events = events;
        this.properties = properties;
        this.meters = meters;
    }

    /** Transient failures (storage, Kafka) propagate so the container retries; bad images become rejections. */
    public void process(ImageIngested ingested) throws Exception {
        Timer.Sample sample = Timer.start(meters);
        ImageEvent outcome;
        CropSignature crop = null;
        try {
            byte[] original = store.read(ingested.bronze());
            if (original == null) {
                throw new RejectedImageException("TOO_LARGE", "the original exceeds " + properties.maxInputBytes());
            }
            SilverRenderer.Rendition rendition = renderer.render(original);
            crop = rendition.crop();
            String key = ObjectKeys.silver(ingested.customerId(), ingested.imageId(), properties.pipelineVersion());
            ObjectRef silver = store.write(Zone.SILVER, key, rendition.jpeg(), "image/jpeg");
            store.write(Zone.SILVER, ObjectKeys.silverThumbnail(ingested.customerId(), ingested.imageId(),
                    properties.pipelineVersion()), rendition.thumbnail(), "image/jpeg");
            outcome = new ImageNormalized(ImageEvent.CURRENT_SCHEMA_VERSION, eventId(ingested, "normalized"),
                    ingested.imageId(), ingested.customerId(), properties.pipelineVersion(), silver,
                    rendition.width(), rendition.height(), "jpeg", rendition.jpeg().length, ContentDigest.sha256(rendition.jpeg()),
                    new ImageNormalized.Original(rendition.originalWidth(), rendition.originalHeight(),
                            rendition.originalFormat(), rendition.orientation(),
                            // what the client said wins; else what the camera recorded
                            ingested.capturedAt() != null ? ingested.capturedAt() : rendition.camera().capturedAt(),
                            rendition.camera().make(), rendition.camera().model()),
                    captions.analyze(ingested.caption()),
                    rendition.features(), Instant.now());
        } catch (RejectedImageException e) {
            outcome = new ImageRejected(ImageEvent.CURRENT_SCHEMA_VERSION, eventId(ingested, "rejected"),
                    ingested.imageId(), ingested.customerId(), properties.pipelineVersion(), ImageStatus.REJECTED,
                    List.of(new Reason(e.code(), e.getMessage())), null, Instant.now());
            meters.counter("lake.normalizer.rejections", "reason", e.code()).increment();
        }
        events.publish(outcome);
        String result = "rejected";
        if (outcome instanceof ImageNormalized normalized) {
            ImageEvent verdict = curate(ingested, normalized, crop);
            events.publish(verdict);
            result = verdict instanceof ImagePromoted ? "promoted"
                    : ((ImageRejected) verdict).status() == ImageStatus.DUPLICATE ? "duplicate" : "rejected";
        }
        sample.stop(meters.timer("lake.normalizer.latency", "outcome", result));
        meters.counter("lake.normalizer.images", "outcome", result).increment();
    }

    /** Gold or not: every failed quality gate is a reason; an exact duplicate points at the first. */
    private ImageEvent curate(ImageIngested ingested, ImageNormalized normalized, CropSignature crop) throws Exception {
        List<Reason> failed = gates.failed(normalized);
        if (!failed.isEmpty()) {
            failed.forEach(r -> meters.counter("lake.normalizer.rejections", "reason", r.code()).increment());
            return new ImageRejected(ImageEvent.CURRENT_SCHEMA_VERSION, eventId(ingested, "curated"), ingested.imageId(),
                    ingested.customerId(), properties.pipelineVersion(), ImageStatus.REJECTED, failed, null, Instant.now());
        }
        var duplicateOf = duplicates.duplicateOf(ingested.customerId(), ingested.sha256(), ingested.imageId());
        if (duplicateOf.isPresent()) {
            return duplicate(ingested, duplicateOf.get(), "exact", "DUPLICATE", "the same bytes as image " + duplicateOf.get());
        }
        if (dedupe.nearDuplicates()) {
            String phash = normalized.features().phash();
            var nearest = nearDuplicates.nearestEarlier(ingested.customerId(), ingested.imageId(), phash);
            nearDuplicates.add(ingested.customerId(), ingested.imageId(), phash);
            if (nearest.isPresent()) {
                return duplicate(ingested, nearest.get(), "whole-frame", "NEAR_DUPLICATE",
                        "perceptual hash within " + dedupe.maxDistance() + " bits of image " + nearest.get());
            }
        }
        if (dedupe.crops().enabled()) {
            var cropOf = crops.nearestEarlier(ingested.customerId(), ingested.imageId(), crop);
            crops.add(ingested.customerId(), ingested.imageId(), crop.centre());
            if (cropOf.isPresent()) {
                var match = cropOf.get();
                return duplicate(ingested, match.imageId(), "crop", "NEAR_DUPLICATE", String.format(java.util.Locale.ROOT,
                        "the picture of image %s cropped differently (centre hash within %d bits, correlation %.2f)",
                        match.imageId(), match.distance(), match.correlation()));
            }
        }
        ObjectRef goldRef = gold.promote(ingested.customerId(), ingested.imageId(), properties.pipelineVersion(), normalized.silver());
        return new ImagePromoted(ImageEvent.CURRENT_SCHEMA_VERSION, eventId(ingested, "curated"), ingested.imageId(),
                ingested.customerId(), properties.pipelineVersion(), goldRef, Instant.now());
    }

    /** {@code match}: which stage found it (exact, whole-frame, crop), for {@code lake.normalizer.duplicates}. */
    private ImageRejected duplicate(ImageIngested ingested, String first, String match, String code, String detail) {
        meters.counter("lake.normalizer.duplicates", "match", match).increment();
        return new ImageRejected(ImageEvent.CURRENT_SCHEMA_VERSION, eventId(ingested, "curated"), ingested.imageId(),
                ingested.customerId(), properties.pipelineVersion(), ImageStatus.DUPLICATE, List.of(new Reason(code, detail)),
                first, Instant.now());
    }

    private String eventId(ImageIngested ingested, String kind) {
        return UUID.nameUUIDFromBytes((ingested.imageId() + "/" + kind + "/" + properties.pipelineVersion())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }
}
