package io.imagelake.normalizer.imaging;

import io.imagelake.contracts.RejectionCode;
import io.imagelake.normalizer.NormalizerProperties;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import org.springframework.stereotype.Component;

/**
 * Decodes with ImageIO (TwelveMonkeys plugins registered) in two steps: {@link #probe} reads the
 * header and checks the dimensions it declares, so a decompression bomb is refused before a single
 * pixel is allocated, and says what decoding will cost ({@link DecodePlan}); {@link #decode} then
 * decodes as planned, with a deadline ({@code decode-timeout}) after which the reader is aborted and
 * the image rejected.
 */
@Component
public class ImageDecoder {

    /** One daemon thread for every decode's deadline (it only flips an abort flag). */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("decode-deadline").factory());

    private final NormalizerProperties properties;
    private final DecodeMemoryProperties memory;

    public ImageDecoder(NormalizerProperties properties, DecodeMemoryProperties memory) {
        this.properties = properties;
        this.memory = memory;
        NativeHeap.keepBlocksUnder(memory.nativeBlocksKept().toBytes());
    }

    /**
     * A decoded first frame, the format the reader recognised and the stored dimensions (the
     * image itself may already be at the silver size: see {@link NativeJpeg}, or subsampled: see {@link DecodePlan}).
     */
    public record Decoded(BufferedImage image, String format, int width, int height) {}

    /**
     * What the header says, read before a single pixel is decoded: the stored size (within the
     * pixel budget), the bytes per pixel of the raster the reader will make (or of its raw form,
     * if larger), whether that raster is already opaque INT_RGB, and for a PNG its colour
     * profile (inflated within {@code lake.normalizer.memory.max-colour-profile}).
     */
    public record Header(
            String format,
            int width,
            int height,
            double bytesPerPixel,
            boolean opaqueRgb,
            Optional<byte[]> iccProfile) {

        public boolean colourProfile() {
            return iccProfile.isPresent();
        }

        /**
         * The EXIF orientation still to apply to the decoded pixels: none for HEIC and AVIF, whose decoder has
         * applied the file's own rotation and mirroring, after which the standard says EXIF's no longer holds.
         */
        public int orientationToApply(CameraFacts camera) {
            return "heic".equals(format) || "avif".equals(format) ? 1 : camera.orientation();
        }
    }

    public Header probe(byte[] bytes) {
        if (JpegMarkers.isJpeg(bytes)) {
            // before any reader: a reader may refuse an arithmetic-coded frame as if the bytes were broken
            var refused = JpegMarkers.refusal(bytes);
            if (refused.isPresent()) {
                throw refused.get();
            }
        }
        return read(bytes, reader -> {
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkDimensions(width, height);
            String format = reader.getFormatName().toLowerCase(Locale.ROOT);
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            ImageTypeSpecifier destination = types.hasNext() ? types.next() : null;
            ImageTypeSpecifier raw = reader.getRawImageType(0);
            // readers convert row by row from their raw layout into the destination: the larger of the two is held
            double perPixel = Math.max(bytesPerPixel(destination), bytesPerPixel(raw));
            boolean opaqueRgb = destination != null && destination.getBufferedImageType() == BufferedImage.TYPE_INT_RGB;
            Optional<byte[]> profile = "png".equals(format)
                    ? PngChunks.colourProfile(bytes, memory.maxColourProfile().toBytes())
                    : Optional.empty();
            return new Header(format, width, height, perPixel > 0 ? perPixel : 8, opaqueRgb, profile);
        });
    }

    /**
     * The first frame, every {@code subsampling}-th pixel of every {@code subsampling}-th row. An
     * {@link OutOfMemoryError} is thrown as it is (readers wrap it, e.g. the PNG reader in an
     * IIOException), never taken for corrupt bytes: whether the image is too large is the renderer's call.
     */
    public Decoded decode(byte[] bytes, Header header, int subsampling) {
        if (properties.nativeJpeg() && "jpeg".equals(header.format())) {
            var fast = NativeJpeg.decode(bytes, header.width(), header.height(), properties.maxLongEdge());
            if (fast.isPresent()) {
                return new Decoded(fast.get(), header.format(), header.width(), header.height());
            }
        }
        return read(bytes, reader -> {
            ImageReadParam param = reader.getDefaultReadParam();
            if (subsampling > 1) {
                param.setSourceSubsampling(subsampling, subsampling, 0, 0);
            }
            reader.getWidth(0); // the header again, before the deadline starts: only pixels are timed
            // a reader that ignores the abort flag below still stops at the next byte it reads
            BoundedImageInput input = (BoundedImageInput) reader.getInput();
            input.deadlineIn(properties.decodeTimeout());
            // ImageIO's own way to stop a reader: it checks the flag as it goes and returns early. Scheduled after the
            // input's deadline with the same timeout, so it never fires before the input's deadline has passed: that
            // deadline alone says whether the decode ran out of time
            ScheduledFuture<?> deadline =
                    TIMER.schedule(reader::abort, properties.decodeTimeout().toNanos(), TimeUnit.NANOSECONDS);
            BufferedImage image;
            try {
                image = reader.read(0, param);
            } catch (IOException | RuntimeException e) {
                // a reader aborted half-way may fail rather than return early: that is the deadline's doing
                if (input.deadlinePassed()) {
                    throw timedOut();
                }
                throw e;
            } finally {
                deadline.cancel(false);
            }
            if (input.deadlinePassed()) {
                throw timedOut();
            }
            if (header.colourProfile()) {
                image = PngColourProfile.toSrgb(image, header.iccProfile());
            }
            return new Decoded(image, header.format(), header.width(), header.height());
        });
    }

    private RejectedImageException timedOut() {
        return new RejectedImageException(
                RejectionCode.DECODE_TIMEOUT, "decoding took longer than " + properties.decodeTimeout());
    }

    private interface ReaderWork<T> {
        T apply(ImageReader reader) throws IOException;
    }

    /**
     * The first reader that recognises the bytes, with metadata ignored: the one piece of it silver
     * uses (a PNG's profile) comes from {@link PngChunks}, and readers inflate compressed text chunks whole.
     */
    private <T> T read(byte[] bytes, ReaderWork<T> work) {
        if (bytes.length == 0) {
            throw new RejectedImageException(RejectionCode.EMPTY, "the file has no bytes");
        }
        try (ImageInputStream in = new BoundedImageInput(bytes)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new RejectedImageException(RejectionCode.UNSUPPORTED_FORMAT, "no decoder recognises these bytes");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return work.apply(reader);
            } finally {
                reader.dispose();
            }
        } catch (RejectedImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            OutOfMemoryError oom = outOfMemory(e);
            if (oom != null) {
                throw oom;
            }
            throw new RejectedImageException(RejectionCode.CORRUPT, "cannot decode: " + e.getMessage(), e);
        }
    }

    static OutOfMemoryError outOfMemory(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError oom) {
                return oom;
            }
        }
        return null;
    }

    /** Bytes per pixel of the raster a type makes, padding and packing included (0 if unknown). */
    static double bytesPerPixel(ImageTypeSpecifier type) {
        if (type == null) {
            return 0;
        }
        SampleModel model = type.getSampleModel(64, 64);
        DataBuffer buffer = model.createDataBuffer();
        return (double) buffer.getSize()
                * buffer.getNumBanks()
                * DataBuffer.getDataTypeSize(buffer.getDataType())
                / 8
                / (64 * 64);
    }

    void checkDimensions(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new RejectedImageException(RejectionCode.CORRUPT, "declared size " + width + "x" + height);
        }
        if (width > properties.maxDimension()
                || height > properties.maxDimension()
                || (long) width * height > properties.maxPixels()) {
            throw new RejectedImageException(
                    RejectionCode.TOO_LARGE,
                    "declared size %dx%d exceeds the pixel budget of %d"
                            .formatted(width, height, properties.maxPixels()));
        }
    }
}
