package io.imagelake.contracts;

import java.time.Instant;
import java.util.List;

/** A normalized rendition of the image is stored in silver. Emitted by image-normalizer. */
public record ImageNormalized(
        int schemaVersion,
        String eventId,
        String imageId,
        String customerId,
        String pipelineVersion,
        ObjectRef silver,
        int width,
        int height,
        String format,
        long bytes,
        String sha256,
        Original original,
        Caption caption,
        Features features,
        Instant occurredAt)
        implements ImageEvent {

    /** Facts about the original kept before its metadata was stripped. */
    public record Original(
            int width,
            int height,
            String format,
            int orientation,
            Instant capturedAt,
            String cameraMake,
            String cameraModel) {}

    /** The caption as received and as normalized for search and training. */
    public record Caption(String original, String normalized, List<String> tokens, String language) {
        public Caption {
            tokens = tokens == null ? List.of() : List.copyOf(tokens);
        }
    }

    /** Features computed on the normalized image. */
    public record Features(String phash, double blur, double brightness, double contrast) {}

    @Override
    public String topic() {
        return Topics.NORMALIZED;
    }
}
