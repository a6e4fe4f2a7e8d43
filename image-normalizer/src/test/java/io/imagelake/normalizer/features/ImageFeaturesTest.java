package io.imagelake.normalizer.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.contracts.ImageNormalized;
import io.imagelake.devstack.images.SyntheticImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ImageFeaturesTest {

    private final BufferedImage picture = SyntheticImages.picture(5, 1024, 683, false);

    @Test
    void thePerceptualHashSurvivesRescalingAndRecompression() throws IOException {
        BufferedImage half = scaled(picture, 512, 341);
        BufferedImage recompressed = ImageIO.read(new ByteArrayInputStream(SyntheticImages.jpeg(picture, 0.5f)));

        assertThat(ImageFeatures.phash(picture)).hasSize(16).matches("[0-9a-f]{16}");
        assertThat(ImageFeatures.hammingDistance(ImageFeatures.phash(picture), ImageFeatures.phash(half)))
                .isLessThanOrEqualTo(4);
        assertThat(ImageFeatures.hammingDistance(ImageFeatures.phash(picture), ImageFeatures.phash(recompressed)))
                .isLessThanOrEqualTo(4);
    }

    @Test
    void differentPicturesHaveDistantHashes() {
        for (int seed = 6; seed < 12; seed++) {
            BufferedImage other = SyntheticImages.picture(seed, 1024, 683, false);
            assertThat(ImageFeatures.hammingDistance(ImageFeatures.phash(picture), ImageFeatures.phash(other)))
                    .as("seed %d", seed)
                    .isGreaterThan(12);
        }
    }

    @Test
    void blurLowersTheSharpnessScore() {
        float[] box = new float[15 * 15];
        Arrays.fill(box, 1f / box.length);
        BufferedImage blurred =
                new ConvolveOp(new Kernel(15, 15, box), ConvolveOp.EDGE_NO_OP, null).filter(picture, null);

        assertThat(ImageFeatures.of(picture).blur()).isGreaterThan(50);
        assertThat(ImageFeatures.of(blurred).blur()).isLessThan(10);
    }

    @Test
    void brightnessAndContrastAreBetweenZeroAndOne() {
        BufferedImage white = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = white.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 64, 64);
        g.dispose();

        ImageNormalized.Features features = ImageFeatures.of(white);

        assertThat(features.brightness()).isCloseTo(1.0, Offset.offset(0.001));
        assertThat(features.contrast()).isCloseTo(0.0, Offset.offset(0.001));
        assertThat(features.blur()).isZero();
    }

    private static BufferedImage scaled(BufferedImage image, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
