package io.imagelake.normalizer.pipeline;

import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.ImageNormalized;
import io.imagelake.contracts.ImagePromoted;
import io.imagelake.contracts.ImageRejected;
import io.imagelake.contracts.ImageStatus;
import io.imagelake.contracts.ObjectKeys;
import io.imagelake.contracts.ObjectRef;
import io.imagelake.contracts.Reason;
import io.imagelake.contracts.RejectionCode;
import io.imagelake.contracts.Zone;
import io.imagelake.normalizer.NormalizerProperties;
import io.imagelake.normalizer.caption.CaptionNormalizer;
import io.imagelake.normalizer.curation.DuplicateCascade;
import io.imagelake.normalizer.curation.GoldPromoter;
import io.imagelake.normalizer.curation.QualityGates;
import io.imagelake.normalizer.features.CropSignature;
import io.imagelake.normalizer.features.ImageAnalysis;
import io.imagelake.normalizer.imaging.RejectedImageException;
import io.imagelake.normalizer.imaging.SilverRenderer;
import io.imagelake.normalizer.silver.ZoneStore;
import io.imagelake.support.kafka.EventPublisher;
import io.imagelake.support.logging.ImageContext;
import io.imagelake.support.storage.ContentDigest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * One ingested image through to silver, then curated: promoted to gold, or rejected with every
 * failed gate, or marked a duplicate of the tenant's earlier image it repeats ({@link DuplicateCascade}).
 * The silver key depends only on image and pipeline version, and event ids are derived from them too, so a redelivered
 * event rewrites the same object and
 * re-emits an event the catalog recognises as already applied.
 */
@Service
public class NormalizationPipeline {

    private static final Logger log = LoggerFactory.getLogger(NormalizationPipeline.class);

    private final ZoneStore store;
    private final SilverRenderer renderer;
    private final CaptionNormalizer captions;
    private final EventPublisher events;
    private final QualityGates gates;
    private final DuplicateCascade duplicates;
    private final GoldPromoter gold;
    private final NormalizerProperties properties;
    private final MeterRegistry meters;

    public NormalizationPipeline(
            ZoneStore store,
            SilverRenderer renderer,
            CaptionNormalizer captions,
            EventPublisher events,
            QualityGates gates,
            DuplicateCascade duplicates,
            GoldPromoter gold,
            NormalizerProperties properties,
            MeterRegistry meters) {
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
        try (ImageContext context = ImageContext.of(ingested.customerId(), ingested.imageId())) {
            processInContext(ingested);
        }
    }

    private void processInContext(ImageIngested ingested) throws Exception {
        Timer.Sample sample = Timer.start(meters);
        ImageEvent outcome;
        CropSignature crop = null;
        try {
            byte[] original = store.read(ingested.bronze());
            if (original == null) {
                throw new RejectedImageException(
                        RejectionCode.TOO_LARGE, "the original exceeds " + properties.maxInputBytes());
            }
            SilverRenderer.Rendition<ImageAnalysis> rendition = renderer.render(original, ImageAnalysis::of);
            crop = rendition.analysis().crop();
            String key = ObjectKeys.silver(ingested.customerId(), ingested.imageId(), properties.pipelineVersion());
            ObjectRef silver = store.write(Zone.SILVER, key, rendition.jpeg(), "image/jpeg");
            store.write(
                    Zone.SILVER,
                    ObjectKeys.silverThumbnail(ingested.customerId(), ingested.imageId(), properties.pipelineVersion()),
                    rendition.thumbnail(),
                    "image/jpeg");
            outcome = new ImageNormalized(
                    ImageEvent.CURRENT_SCHEMA_VERSION,
                    eventId(ingested, "normalized"),
                    ingested.imageId(),
                    ingested.customerId(),
                    properties.pipelineVersion(),
                    silver,
                    rendition.width(),
                    rendition.height(),
                    "jpeg",
                    rendition.jpeg().length,
                    ContentDigest.sha256(rendition.jpeg()),
                    new ImageNormalized.Original(
                            rendition.originalWidth(),
                            rendition.originalHeight(),
                            rendition.originalFormat(),
                            rendition.orientation(),
                            // what the client said wins; else what the camera recorded
                            ingested.capturedAt() != null
                                    ? ingested.capturedAt()
                                    : rendition.camera().capturedAt(),
                            rendition.camera().make(),
                            rendition.camera().model()),
                    captions.analyze(ingested.caption()),
                    rendition.analysis().features(),
                    Instant.now());
        } catch (RejectedImageException e) {
            outcome = new ImageRejected(
                    ImageEvent.CURRENT_SCHEMA_VERSION,
                    eventId(ingested, "rejected"),
                    ingested.imageId(),
                    ingested.customerId(),
                    properties.pipelineVersion(),
                    ImageStatus.REJECTED,
                    List.of(new Reason(e.code(), e.getMessage())),
                    null,
                    Instant.now());
            meters.counter("lake.normalizer.rejections", "reason", e.code().name())
                    .increment();
        }
        events.publish(outcome);
        String result = "rejected";
        if (outcome instanceof ImageNormalized normalized) {
            ImageEvent verdict = curate(ingested, normalized, crop);
            events.publish(verdict);
            result = verdict instanceof ImagePromoted
                    ? "promoted"
                    : ((ImageRejected) verdict).status() == ImageStatus.DUPLICATE ? "duplicate" : "rejected";
        }
        sample.stop(meters.timer("lake.normalizer.latency", "outcome", result));
        meters.counter("lake.normalizer.images", "outcome", result).increment();
        log.info("normalized at pipeline {}: {}", properties.pipelineVersion(), result);
    }

    /** Gold or not: every failed quality gate is a reason; a duplicate points at the first it repeats. */
    private ImageEvent curate(ImageIngested ingested, ImageNormalized normalized, CropSignature crop) throws Exception {
        List<Reason> failed = gates.failed(normalized);
        if (!failed.isEmpty()) {
            failed.forEach(r -> meters.counter("lake.normalizer.rejections", "reason", r.code())
                    .increment());
            return new ImageRejected(
                    ImageEvent.CURRENT_SCHEMA_VERSION,
                    eventId(ingested, "curated"),
                    ingested.imageId(),
                    ingested.customerId(),
                    properties.pipelineVersion(),
                    ImageStatus.REJECTED,
                    failed,
                    null,
                    Instant.now());
        }
        var duplicate = duplicates.firstRepeated(
                ingested.customerId(),
                ingested.imageId(),
                ingested.sha256(),
                normalized.features().phash(),
                crop);
        if (duplicate.isPresent()) {
            DuplicateCascade.Duplicate first = duplicate.get();
            return new ImageRejected(
                    ImageEvent.CURRENT_SCHEMA_VERSION,
                    eventId(ingested, "curated"),
                    ingested.imageId(),
                    ingested.customerId(),
                    properties.pipelineVersion(),
                    ImageStatus.DUPLICATE,
                    List.of(new Reason(first.code(), first.detail())),
                    first.firstImageId(),
                    Instant.now());
        }
        ObjectRef goldRef = gold.promote(
                ingested.customerId(), ingested.imageId(), properties.pipelineVersion(), normalized.silver());
        return new ImagePromoted(
                ImageEvent.CURRENT_SCHEMA_VERSION,
                eventId(ingested, "curated"),
                ingested.imageId(),
                ingested.customerId(),
                properties.pipelineVersion(),
                goldRef,
                Instant.now());
    }

    private String eventId(ImageIngested ingested, String kind) {
        return UUID.nameUUIDFromBytes((ingested.imageId() + "/" + kind + "/" + properties.pipelineVersion())
                        .getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
