package io.imagelake.normalizer.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOException;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;

/**
 * One HEIC or AVIF still (its primary image) as an ImageIO reader: the size from the header alone, the pixels as
 * INT_RGB or INT_ARGB with the caller's source subsampling applied while converting. libheif applies the file's own
 * rotation and mirroring ({@code irot}, {@code imir}); an EXIF orientation in the same file no longer holds after
 * that, as the HEIF standard says, so the renderer does not apply it again ({@link ImageDecoder.Header}).
 *
 * <p>libheif cannot be interrupted while it decodes: the decode deadline aborts the conversion after it, and the
 * pixel budget checked on the header bounds what the decode itself can take.
 */
final class HeifImageReader extends ImageReader {

    private final Libheif libheif;
    private byte[] file;
    private Libheif.Info info;
    private String format;

    HeifImageReader(HeifImageReaderSpi provider, Libheif libheif) {
        super(provider);
        this.libheif = libheif;
    }

    @Override
    public void setInput(Object input, boolean seekForwardOnly, boolean ignoreMetadata) {
        super.setInput(input, seekForwardOnly, ignoreMetadata);
        file = null;
        info = null;
        format = null;
    }

    /** {@code heic} or {@code avif}, from the file's brand. */
    @Override
    public String getFormatName() throws IOException {
        bytes();
        return format;
    }

    @Override
    public int getNumImages(boolean allowSearch) {
        return 1;
    }

    @Override
    public int getWidth(int imageIndex) throws IOException {
        return info(imageIndex).width();
    }

    @Override
    public int getHeight(int imageIndex) throws IOException {
        return info(imageIndex).height();
    }

    @Override
    public Iterator<ImageTypeSpecifier> getImageTypes(int imageIndex) throws IOException {
        return List.of(ImageTypeSpecifier.createFromBufferedImageType(
                        info(imageIndex).alpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB))
                .iterator();
    }

    @Override
    public IIOMetadata getStreamMetadata() {
        return null;
    }

    @Override
    public IIOMetadata getImageMetadata(int imageIndex) {
        return null;
    }

    @Override
    public BufferedImage read(int imageIndex, ImageReadParam param) throws IOException {
        info(imageIndex);
        Libheif.Pixels pixels;
        try {
            pixels = libheif.decode(bytes());
        } catch (Libheif.HeifException e) {
            throw new IIOException("libheif cannot decode it: " + e.getMessage(), e);
        }
        int stepX = param == null ? 1 : param.getSourceXSubsampling();
        int stepY = param == null ? 1 : param.getSourceYSubsampling();
        int width = (pixels.width() + stepX - 1) / stepX;
        int height = (pixels.height() + stepY - 1) / stepY;
        boolean alpha = pixels.channels() == 4;
        BufferedImage image =
                new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        byte[] in = pixels.bytes();
        for (int y = 0; y < height; y++) {
            if (abortRequested()) {
                return image;
            }
            int row = y * stepY * pixels.stride();
            for (int x = 0; x < width; x++) {
                int p = row + x * stepX * pixels.channels();
                int rgb = (in[p] & 0xFF) << 16 | (in[p + 1] & 0xFF) << 8 | (in[p + 2] & 0xFF);
                out[y * width + x] = alpha ? (in[p + 3] & 0xFF) << 24 | rgb : rgb;
            }
        }
        return image;
    }

    private Libheif.Info info(int imageIndex) throws IOException {
        if (imageIndex != 0) {
            throw new IndexOutOfBoundsException("a HEIF file is read for its primary image only");
        }
        if (info == null) {
            try {
                info = libheif.info(bytes());
            } catch (Libheif.HeifException e) {
                throw new IIOException("libheif cannot read it: " + e.getMessage(), e);
            }
        }
        return info;
    }

    /** The whole file: libheif parses it in memory. */
    private byte[] bytes() throws IOException {
        if (file == null) {
            if (!(getInput() instanceof ImageInputStream in)) {
                throw new IllegalStateException("no input");
            }
            format = HeifImageReaderSpi.brand(in);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int n = in.read(buffer);
            while (n > 0) {
                all.write(buffer, 0, n);
                n = in.read(buffer);
            }
            file = all.toByteArray();
        }
        return file;
    }
}
