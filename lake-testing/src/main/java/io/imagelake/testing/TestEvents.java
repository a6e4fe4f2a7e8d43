package io.imagelake.testing;

import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.ImageNormalized;
import io.imagelake.contracts.ImagePromoted;
import io.imagelake.contracts.ObjectKeys;
import io.imagelake.contracts.ObjectRef;
import io.imagelake.contracts.Source;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Events as tests write them: an upload's {@link ImageIngested} of a small JPEG, or its
 * {@link ImageNormalized}, with every optional field empty and only what a test is about set on it,
 * instead of a constructor of fifteen or eighteen arguments per test.
 */
public final class TestEvents {

    private TestEvents() {}

    /** An upload of {@code imageId} by {@code tenant}, received now, with a new event id. */
    public static Ingested ingested(String tenant, String imageId) {
        return new Ingested(tenant, imageId);
    }

    /** A normalization of {@code imageId} by {@code tenant} at pipeline v1: a 64×64 silver JPEG, now. */
    public static Normalized normalized(String tenant, String imageId) {
        return new Normalized(tenant, imageId);
    }

    /** A promotion of {@code imageId} by {@code tenant} to gold at pipeline v1, now, with a new event id. */
    public static ImagePromoted promoted(String tenant, String imageId) {
        return new ImagePromoted(
                ImageEvent.CURRENT_SCHEMA_VERSION,
                UUID.randomUUID().toString(),
                imageId,
                tenant,
                "v1",
                new ObjectRef("gold", ObjectKeys.gold(tenant, imageId, "v1")),
                Instant.now());
    }

    /** A builder of {@link ImageNormalized}; every setter returns it. */
    public static final class Normalized {
        private final String tenant;
        private final String imageId;
        private String eventId = UUID.randomUUID().toString();
        private String pipelineVersion = "v1";
        private ObjectRef silver;
        private int width = 64;
        private int height = 64;
        private String format = "jpeg";
        private long bytes = 5;
        private String sha256 = "cd".repeat(32);
        private ImageNormalized.Original original;
        private ImageNormalized.Caption caption;
        private ImageNormalized.Features features;
        private Instant occurredAt;

        private Normalized(String tenant, String imageId) {
            this.tenant = tenant;
            this.imageId = imageId;
        }

        public Normalized eventId(String eventId) {
            this.eventId = eventId;
            return this;
        }

        public Normalized pipelineVersion(String pipelineVersion) {
            this.pipelineVersion = pipelineVersion;
            return this;
        }

        /** The rendition's object; by default the silver key of the image at its pipeline version. */
        public Normalized silver(ObjectRef silver) {
            this.silver = silver;
            return this;
        }

        public Normalized size(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        public Normalized format(String format) {
            this.format = format;
            return this;
        }

        public Normalized bytes(long bytes) {
            this.bytes = bytes;
            return this;
        }

        public Normalized sha256(String sha256) {
            this.sha256 = sha256;
            return this;
        }

        public Normalized original(ImageNormalized.Original original) {
            this.original = original;
            return this;
        }

        public Normalized caption(ImageNormalized.Caption caption) {
            this.caption = caption;
            return this;
        }

        public Normalized features(ImageNormalized.Features features) {
            this.features = features;
            return this;
        }

        public Normalized at(Instant occurredAt) {
            this.occurredAt = occurredAt;
            return this;
        }

        public ImageNormalized build() {
            return new ImageNormalized(
                    ImageEvent.CURRENT_SCHEMA_VERSION,
                    eventId,
                    imageId,
                    tenant,
                    pipelineVersion,
                    silver == null
                            ? new ObjectRef("silver", ObjectKeys.silver(tenant, imageId, pipelineVersion))
                            : silver,
                    width,
                    height,
                    format,
                    bytes,
                    sha256,
                    original,
                    caption,
                    features,
                    occurredAt == null ? Instant.now() : occurredAt);
        }
    }

    /** A builder of {@link ImageIngested}; every setter returns it. */
    public static final class Ingested {
        private final String tenant;
        private final String imageId;
        private String eventId = UUID.randomUUID().toString();
        private Source source = Source.UPLOAD;
        private ObjectRef bronze;
        private long bytes = 10;
        private String sha256 = "ab".repeat(32);
        private String format = "jpeg";
        private String contentType = "image/jpeg";
        private String declaredContentType;
        private String caption;
        private List<String> tags = List.of();
        private Instant capturedAt;
        private String device;
        private Map<String, String> attributes = Map.of();
        private Instant receivedAt;
        private Instant occurredAt;

        private Ingested(String tenant, String imageId) {
            this.tenant = tenant;
            this.imageId = imageId;
        }

        public Ingested eventId(String eventId) {
            this.eventId = eventId;
            return this;
        }

        public Ingested source(Source source) {
            this.source = source;
            return this;
        }

        /** The original's object; by default the bronze key of the image at its receipt. */
        public Ingested bronze(ObjectRef bronze) {
            this.bronze = bronze;
            return this;
        }

        public Ingested bytes(long bytes) {
            this.bytes = bytes;
            return this;
        }

        public Ingested sha256(String sha256) {
            this.sha256 = sha256;
            return this;
        }

        public Ingested format(String format, String contentType) {
            this.format = format;
            this.contentType = contentType;
            return this;
        }

        public Ingested declaredContentType(String declaredContentType) {
            this.declaredContentType = declaredContentType;
            return this;
        }

        public Ingested caption(String caption) {
            this.caption = caption;
            return this;
        }

        public Ingested tags(List<String> tags) {
            this.tags = tags;
            return this;
        }

        public Ingested capturedAt(Instant capturedAt) {
            this.capturedAt = capturedAt;
            return this;
        }

        public Ingested device(String device) {
            this.device = device;
            return this;
        }

        public Ingested attributes(Map<String, String> attributes) {
            this.attributes = attributes;
            return this;
        }

        /** When the source says the image was taken in ({@code receivedAt}) and when the lake got it. */
        public Ingested at(Instant receivedAt, Instant occurredAt) {
            this.receivedAt = receivedAt;
            this.occurredAt = occurredAt;
            return this;
        }

        /** Both times {@code at}. */
        public Ingested at(Instant at) {
            return at(at, at);
        }

        public ImageIngested build() {
            Instant now = Instant.now();
            Instant occurred = occurredAt == null ? now : occurredAt;
            Instant received = receivedAt == null ? occurred : receivedAt;
            ObjectRef original =
                    bronze == null ? new ObjectRef("bronze", ObjectKeys.bronze(tenant, occurred, imageId)) : bronze;
            return new ImageIngested(
                    ImageEvent.CURRENT_SCHEMA_VERSION,
                    eventId,
                    imageId,
                    tenant,
                    source,
                    original,
                    bytes,
                    sha256,
                    format,
                    contentType,
                    declaredContentType,
                    caption,
                    tags,
                    capturedAt,
                    device,
                    attributes,
                    received,
                    occurred);
        }
    }
}
