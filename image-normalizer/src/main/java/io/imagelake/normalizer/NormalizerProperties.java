package io.imagelake.normalizer;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.awt.Color;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** {@code lake.normalizer.*}: what silver looks like and the limits that keep decoding safe. */
@Validated
@ConfigurationProperties("lake.normalizer")
public record NormalizerProperties(
        @DefaultValue("v1") @NotBlank String pipelineVersion,
        @DefaultValue("1024") @Min(16) int maxLongEdge,
        @DefaultValue("256") @Min(16) int thumbnailLongEdge,

        @DefaultValue("0.85") @DecimalMin("0.1") @DecimalMax("1.0")
        float jpegQuality,
        /* decompression-bomb guard: declared width x height above this is rejected before decoding */
        @DefaultValue("50000000") @Min(1) long maxPixels,
        @DefaultValue("30000") @Min(1) int maxDimension,
        @DefaultValue("64MB") @NotNull DataSize maxInputBytes,
        /* a decode still running after this is aborted (ImageReader.abort) and the image rejected */
        @DefaultValue("20s") @NotNull Duration decodeTimeout,
        // libjpeg-turbo (OpenCV): plain YCbCr/grey JPEGs decoded at 1/2, 1/4 or 1/8 scale in the DCT domain; silver
        // encoded
        @DefaultValue("true") boolean nativeJpeg,
        /* what transparent pixels become in silver (JPEG has no alpha) */
        @DefaultValue("#FFFFFF") @Pattern(regexp = "#[0-9A-Fa-f]{6}")
        String background) {

    public Color backgroundColor() {
        return Color.decode(background);
    }
}
