package io.imagelake.catalog.datasets;

import io.imagelake.support.storage.ContentDigest;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Fractions of a dataset's images in train, validation and test (summing to 1). An image's split
 * is a hash of (dataset name, image id), not of the version: it keeps its split in every later
 * version, so a model never trains on what an earlier version held out.
 */
public record SplitRatios(
        @DefaultValue("0.8") @DecimalMin("0") @DecimalMax("1")
        double train,

        @DefaultValue("0.1") @DecimalMin("0") @DecimalMax("1")
        double validation,

        @DefaultValue("0.1") @DecimalMin("0") @DecimalMax("1")
        double test) {

    private static final double TOLERANCE = 1e-6;

    public enum Split {
        TRAIN,
        VALIDATION,
        TEST;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean sumsToOne() {
        return Math.abs(train + validation + test - 1.0) < TOLERANCE && train >= 0 && validation >= 0 && test >= 0;
    }

    public Split assign(String datasetName, String imageId) {
        double u = unitInterval(datasetName + "\u0000" + imageId);
        if (u < train) {
            return Split.TRAIN;
        }
        return u < train + validation ? Split.VALIDATION : Split.TEST;
    }

    /** A uniform value in [0, 1) from the first 53 bits of the SHA-256 of {@code key}. */
    private static double unitInterval(String key) {
        byte[] digest = ContentDigest.newDigest().digest(key.getBytes(StandardCharsets.UTF_8));
        long bits = ByteBuffer.wrap(digest).getLong() >>> 11;
        return bits / (double) (1L << 53);
    }
}
