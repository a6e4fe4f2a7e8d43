package io.imagelake.normalizer.imaging;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Pixel operations of the silver rendition: flatten to RGB, downscale, encode JPEG. */
public final class Images {

    private Images() {}

    /** Opaque sRGB pixels; transparency is flattened onto white. */
    public static BufferedImage toRgb(BufferedImage image) {
        return flatten(image, Color.WHITE);
    }

    /** Opaque sRGB pixels; transparency is flattened onto {@code background}. */
    public static BufferedImage flatten(BufferedImage image, Color background) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(background);
            g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    /**
     * Long edge down to {@code maxLongEdge}, never up. Halves with bilinear filtering (at exactly one half, a 2x2
     * average) until within 4x of the target, then one anti-aliased Lanczos-3 step ({@link LanczosReduce}) of 2-4x,
     * as vipsthumbnail shrinks on load and then reduces.
     */
    public static BufferedImage fitWithin(BufferedImage image, int maxLongEdge) {
        int w = image.getWidth();
        int h = image.getHeight();
        int longEdge = Math.max(w, h);
        if (longEdge <= maxLongEdge) {
            return toRgb(image);
        }
        Dimension target = fitted(w, h, maxLongEdge);
        int targetW = target.width;
        int targetH = target.height;
        BufferedImage current = toRgb(image);
        if (NativeJpeg.available()) {
            return LanczosReduce.reduce(current, targetW, targetH);
        }
        // the bilinear fallback aliases beyond 2x: halved down to within 2x first
        while (current.getWidth() / 2 >= targetW && current.getHeight() / 2 >= targetH) {
            current = scaleTo(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        if (current.getWidth() == targetW && current.getHeight() == targetH) {
            return current;
        }
        return scaleTo(current, targetW, targetH);
    }

    /** The size of a {@code width} x {@code height} image whose long edge is brought to {@code maxLongEdge}. */
    static Dimension fitted(int width, int height, int maxLongEdge) {
        double scale = (double) maxLongEdge / Math.max(width, height);
        return new Dimension(
                Math.max(1, (int) Math.round(width * scale)), Math.max(1, (int) Math.round(height * scale)));
    }

    /** A bilinear scale to exactly {@code width} x {@code height}, opaque RGB. */
    public static BufferedImage scaleTo(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Baseline JPEG with no metadata at all (nothing of the original's EXIF/GPS survives), through
     * libjpeg-turbo when {@code nativeCodec} and its natives loaded, else the JDK's encoder.
     */
    public static byte[] jpeg(BufferedImage image, float quality, boolean nativeCodec) {
        return nativeCodec && NativeJpeg.available() ? NativeJpeg.encode(toRgb(image), quality) : jpeg(image, quality);
    }

    /** Baseline JPEG with no metadata at all, by the JDK's encoder. */
    public static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
                ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(toRgb(image), null, null), param);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }
}
