package io.imagelake.normalizer.imaging;

import io.imagelake.normalizer.NormalizerProperties;
import org.springframework.stereotype.Component;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Decodes with ImageIO (TwelveMonkeys plugins registered) after checking the dimensions the header
 * declares, so a decompression bomb is refused before a single pixel is allocated, and with a
 * deadline ({@code decode-timeout}) after which the reader is aborted and the image rejected.
 */
@Component
public class ImageDecoder {

    /** One daemon thread for every decode's deadline (it only flips an abort flag). */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("decode-deadline").factory());

    private final NormalizerProperties properties;

    public ImageDecoder(NormalizerProperties properties) {
        this.properties = properties;
    }

    /**
     * A decoded first frame, the format the reader recognised and the stored dimensions (the
     * image itself may already be at the silver size: see {@link NativeJpeg}).
     */
    public record Decoded(BufferedImage image, String format, int width, int height) {
    }

    public Decoded decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw new RejectedImageException("EMPTY", "the file has no bytes");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new RejectedImageException("UNSUPPORTED_FORMAT", "no decoder recognises these bytes");
            }
            ImageReader reader = readers.next();
            try {
                // metadata only where it is needed: the PNG reader drops an iCCP profile unless asked for it
                boolean png = "png".equalsIgnoreCase(reader.getFormatName());
                reader.setInput(in, true, !png);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                checkDimensions(width, height);
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (properties.nativeJpeg() && "jpeg".equals(format)) {
                    var fast = NativeJpeg.decode(bytes, width, height, properties.maxLongEdge());
                    if (fast.isPresent()) {
                        return new Decoded(fast.get(), format, width, height);
                    }
                }
                // ImageIO's own way to stop a reader: it checks the flag as it goes and returns early
                ScheduledFuture<?> deadline = TIMER.schedule(reader::abort, properties.decodeTimeout().toMillis(), TimeUnit.MILLISECONDS);
                BufferedImage image;
                try {
                    image = reader.read(0, reader.getDefaultReadParam());
                } finally {
                    deadline.cancel(false);
                }
                if (deadline.isDone() && !deadline.isCancelled()) {
                    throw new RejectedImageException("DECODE_TIMEOUT", "decoding took longer than " + properties.decodeTimeout());
                }
                if (png) {
                    image = PngColourProfile.toSrgb(image, reader.getImageMetadata(0));
                }
                return new Decoded(image, format, width, height);
            } finally {
                reader.dispose();
            }
        } catch (RejectedImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new RejectedImageException("CORRUPT", "cannot decode: " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            // the pixel budget should prevent this; if a format lies about its size we still survive
            throw new RejectedImageException("TOO_LARGE", "decoding exhausted memory", e);
        }
    }

    void checkDimensions(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new RejectedImageException("CORRUPT", "declared size " + width + "x" + height);
        }
        if (width > properties.maxDimension() || height > properties.maxDimension()
                || (long) width * height > properties.maxPixels()) {
            throw new RejectedImageException("TOO_LARGE", "declared size %dx%d exceeds the pixel budget of %d"
                    .formatted(width, height, properties.maxPixels()));
        }
    }
}
