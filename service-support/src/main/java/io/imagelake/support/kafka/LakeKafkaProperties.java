package io.imagelake.support.kafka;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** Kafka as the lake uses it: {@code lake.kafka.*} (the client settings themselves are in lake-defaults.yml). */
@Validated
@ConfigurationProperties("lake.kafka")
public record LakeKafkaProperties(
        @NotBlank String bootstrap,
        @DefaultValue("3") @Min(1) int partitions,
        @DefaultValue("1") @Min(1) short replicationFactor,
        /* how long a caller waits for acks=all before it answers 503 */
        @DefaultValue("20s") @NotNull Duration publishTimeout,
        @DefaultValue("3s") @NotNull Duration healthTimeout,
        /* consumer retries of a failing record before it goes to the dead-letter topic */
        @DefaultValue("500ms") @NotNull Duration retryInitialInterval,
        @DefaultValue("10s") @NotNull Duration retryMaxInterval,
        @DefaultValue("60s") @NotNull Duration retryMaxElapsed,
        /* the largest record of the image stream topics (a whole image plus headers) */
        @DefaultValue("32MB") @NotNull DataSize maxImageRecord) {

    /**
     * What a dead-lettered image record may add: the error headers (the detail is cut to
     * {@link #MAX_ERROR_DETAIL} characters) and the original offset. The image stream's dead-letter
     * topic and every producer allow this much more than {@link #maxImageRecord}, so the largest
     * record the partner may send can always be dead-lettered.
     */
    public static final int DEAD_LETTER_HEADROOM = 64 * 1024;

    public static final int MAX_ERROR_DETAIL = 1000;

    public long maxDeadLetterImageRecord() {
        return maxImageRecord.toBytes() + DEAD_LETTER_HEADROOM;
    }
}
