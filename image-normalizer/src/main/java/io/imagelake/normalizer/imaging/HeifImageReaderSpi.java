package io.imagelake.normalizer.imaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ServiceRegistry;
import javax.imageio.stream.ImageInputStream;

/**
 * HEIC and AVIF for ImageIO, through {@link Libheif}: registered with the other readers (META-INF/services), so the
 * decoder's probe, pixel budget, deadline and memory plan apply to them as to every format. Where the system has no
 * libheif the provider withdraws itself and HEIF files stay "no decoder recognises these bytes".
 */
public final class HeifImageReaderSpi extends ImageReaderSpi {

    /** The {@code ftyp} brands of still HEIF images: HEVC-coded (HEIC) and AV1-coded (AVIF). */
    static final Set<String> HEIC_BRANDS = Set.of("heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1");

    static final Set<String> AVIF_BRANDS = Set.of("avif", "avis");

    public HeifImageReaderSpi() {
        super(
                "ImageLake",
                "1.0",
                new String[] {"heic", "avif", "heif"},
                new String[] {"heic", "heif", "avif"},
                new String[] {"image/heic", "image/heif", "image/avif"},
                HeifImageReader.class.getName(),
                new Class<?>[] {ImageInputStream.class},
                null,
                false,
                null,
                null,
                null,
                null,
                false,
                null,
                null,
                null,
                null);
    }

    @Override
    public void onRegistration(ServiceRegistry registry, Class<?> category) {
        if (Libheif.get().isEmpty()) {
            registry.deregisterServiceProvider(this, ImageReaderSpi.class);
        }
    }

    @Override
    public boolean canDecodeInput(Object source) throws IOException {
        return source instanceof ImageInputStream in && brand(in) != null;
    }

    /** The format name a file's {@code ftyp} brand means ({@code heic} or {@code avif}), or null. */
    static String brand(ImageInputStream in) throws IOException {
        byte[] head = new byte[12];
        in.mark();
        try {
            in.readFully(head);
        } catch (IOException tooShort) {
            return null;
        } finally {
            in.reset();
        }
        if (!"ftyp".equals(new String(head, 4, 4, StandardCharsets.US_ASCII))) {
            return null;
        }
        String brand = new String(head, 8, 4, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
        return AVIF_BRANDS.contains(brand) ? "avif" : HEIC_BRANDS.contains(brand) ? "heic" : null;
    }

    @Override
    public ImageReader createReaderInstance(Object extension) {
        return new HeifImageReader(this, Libheif.get().orElseThrow());
    }

    @Override
    public String getDescription(Locale locale) {
        return "HEIC and AVIF through libheif";
    }
}
