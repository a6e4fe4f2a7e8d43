package io.imagelake.normalizer.imaging;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.lang.ByteArrayReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * What the original's EXIF says, read once before silver strips every tag: orientation (1–8),
 * camera make and model, and when the photo was taken. Unreadable metadata means "nothing known",
 * never a rejection: the pixels are what matter.
 */
public record CameraFacts(int orientation, String make, String model, Instant capturedAt) {

    public static final CameraFacts NONE = new CameraFacts(1, null, null, null);

    public static CameraFacts read(byte[] bytes) {
        try {
            Metadata metadata = metadata(bytes);
            ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            ExifSubIFDDirectory sub = metadata.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
            int orientation = 1;
            String make = null;
            String model = null;
            if (ifd0 != null) {
                if (ifd0.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                    int o = ifd0.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                    orientation = o >= 1 && o <= 8 ? o : 1;
                }
                make = trimmed(ifd0.getString(ExifIFD0Directory.TAG_MAKE));
                model = trimmed(ifd0.getString(ExifIFD0Directory.TAG_MODEL));
            }
            // EXIF times have no zone; metadata-extractor reads them as UTC, which is what we record
            Date taken = sub == null ? null : sub.getDateOriginal();
            return new CameraFacts(orientation, make, model, taken == null ? null : taken.toInstant());
        } catch (Exception e) {
            return NONE;
        }
    }

    /**
     * A PNG's EXIF comes from its {@code eXIf} chunk alone: metadata-extractor would also inflate
     * every compressed text chunk and the colour profile, without a limit.
     */
    private static Metadata metadata(byte[] bytes) throws Exception {
        if (PngChunks.isPng(bytes)) {
            Metadata metadata = new Metadata();
            PngChunks.exif(bytes).ifPresent(exif -> new ExifReader().extract(new ByteArrayReader(exif), metadata));
            return metadata;
        }
        if (JpegMarkers.isJpeg(bytes)) {
            // a JPEG's EXIF segment alone: every reader would also parse its colour profile, XMP and Photoshop
            // segments, for nothing read here (2.6 % of a photo's render, bench/normalizer-throughput.sh)
            return JpegMetadataReader.readMetadata(new ByteArrayInputStream(bytes), List.of(new ExifReader()));
        }
        return ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes), bytes.length);
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
