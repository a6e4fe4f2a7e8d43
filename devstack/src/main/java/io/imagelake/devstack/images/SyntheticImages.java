package io.imagelake.devstack.images;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Images made in code for tests and the demo (no binary fixtures of unclear origin). Each seed
 * gives a visibly different picture — gradients, shapes and a label — so distinct seeds are not
 * near-duplicates of each other.
 */
public final class SyntheticImages {

    private SyntheticImages() {}

    public static BufferedImage picture(int seed, int width, int height, boolean alpha) {
        Random random = new Random(seed * 7919L + 17);
        BufferedImage image =
                new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, randomColor(random), width, height, randomColor(random)));
            g.fillRect(0, 0, width, height);
            int shapes = 6 + random.nextInt(10);
            for (int i = 0; i < shapes; i++) {
                g.setColor(randomColor(random));
                int w = Math.max(4, random.nextInt(Math.max(5, width / 2)));
                int h = Math.max(4, random.nextInt(Math.max(5, height / 2)));
                int x = random.nextInt(Math.max(1, width - w));
                int y = random.nextInt(Math.max(1, height - h));
                switch (random.nextInt(3)) {
                    case 0 -> g.fillOval(x, y, w, h);
                    case 1 -> g.fillRect(x, y, w, h);
                    default -> {
                        g.setStroke(new BasicStroke(2 + random.nextInt(8)));
                        g.drawLine(x, y, x + w, y + h);
                    }
                }
            }
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, height / 10)));
            g.drawString("lake #" + seed, width / 20, height - height / 10);
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * A 64x48 HEIC (HEVC in a one-tile grid, as phones write them): left half red (220, 30, 30), right half blue
     * (30, 30, 220). Made by libheif's {@code heif-enc -q 90} 1.15 (x265) from a PNG of those colours; no JVM
     * library encodes HEIC.
     */
    public static byte[] heic() {
        return Base64.getDecoder().decode(HEIC_64X48);
    }

    /** The same picture as {@link #heic()} as AVIF ({@code heif-enc -A -q 90}, libaom). */
    public static byte[] avif() {
        return Base64.getDecoder().decode(AVIF_64X48);
    }

    private static final String HEIC_64X48 =
            "AAAAHGZ0eXBoZWljAAAAAG1pZjFoZWljbWlhZgAAAa1tZXRhAAAAAAAAACFoZGxyAAAAAAAAAABwaWN0AAAAAAAAAAAAAAAAAAAA"
                    + "AA5waXRtAAAAAAACAAAAEGlkYXQAAAAAAEAAMAAAADhpbG9jAQAAAERAAAIAAQAAAAAAAAHRAAEAAAAAAAAAhgACAAEAAAAAAAAA"
                    + "AQAAAAAAAAAIAAAAOGlpbmYAAAAAAAIAAAAVaW5mZQIAAAEAAQAAaHZjMQAAAAAVaW5mZQIAAAAAAgAAZ3JpZAAAAADYaXBycAAA"
                    + "ALZpcGNvAAAAdmh2Y0MBA3AAAAAAAAAAAAAe8AD8/fj4AAAPAyAAAQAYQAEMAf//A3AAAAMAkAAAAwAAAwAeugJAIQABACpCAQED"
                    + "cAAAAwCQAAADAAADAB6gIIEFlurkprm4EBAwIAAAAwAgAAADACEiAAEABkQBwXPAiQAAABRpc3BlAAAAAAAAAEAAAABAAAAAFGlz"
                    + "cGUAAAAAAAAAQAAAADAAAAAQcGl4aQAAAAADCAgIAAAAGmlwbWEAAAAAAAAAAgABAoECAAICA4QAAAAaaXJlZgAAAAAAAAAOZGlt"
                    + "ZwACAAEAAQAAAI5tZGF0AAAAgigBrwY4iS58L/UgT///j1f2X90Q2ppl/ZcTyP9kZj//11EJv/ATs0QDoheXabxaYnR/UGKpeLFS"
                    + "IzP7+8hWQ/Wf12zf3NwAH81Nr1u8khknR4owE2FzqL9i2pJS3K5mRC7d2vYQZVnaDfw8Zh2gJWYoJ7yrS4X8lXS1IKIi/v5xEcA=";

    private static final String AVIF_64X48 =
            "AAAAHGZ0eXBhdmlmAAAAAGF2aWZtaWYxbWlhZgAAAOptZXRhAAAAAAAAACFoZGxyAAAAAAAAAABwaWN0AAAAAAAAAAAAAAAAAAAA"
                    + "AA5waXRtAAAAAAABAAAAImlsb2MAAAAAREAAAQABAAAAAAEOAAEAAAAAAAAALQAAACNpaW5mAAAAAAABAAAAFWluZmUCAAAAAAEA"
                    + "AGF2MDEAAAAAamlwcnAAAABLaXBjbwAAABNjb2xybmNseAACAAIABoAAAAAMYXYxQ4EADAAAAAAUaXNwZQAAAAAAAABAAAAAMAAA"
                    + "ABBwaXhpAAAAAAMICAgAAAAXaXBtYQAAAAAAAAABAAEEgYIDhAAAADVtZGF0EgAKCRgVf72CBAQNCDIeEYAAAEC0VVUaOzpUWtJ7"
                    + "daHI3S+9t5ogXKE7sw2B";

    public static byte[] jpeg(int seed, int width, int height) {
        return jpeg(picture(seed, width, height, false), 0.9f);
    }

    public static byte[] png(int seed, int width, int height) {
        return encode(picture(seed, width, height, true), "png");
    }

    public static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    /**
     * A CMYK JPEG as Photoshop writes one: four channels, an Adobe APP14 segment (transform 0) and
     * the ink values stored inverted (0 = full ink). No JVM writer makes CMYK from an image, but
     * the JDK's writer encodes a 4-band raster, and the Adobe segment says how to read it.
     */
    public static byte[] cmykJpeg(int width, int height, int cyan, int magenta, int yellow, int black) {
        WritableRaster inks = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
        int[] inverted = {255 - cyan, 255 - magenta, 255 - yellow, 255 - black};
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                inks.setPixel(x, y, inverted);
            }
        }
        ImageWriter writer = null;
        for (var writers = ImageIO.getImageWritersByFormatName("jpeg"); writers.hasNext(); ) {
            ImageWriter candidate = writers.next();
            if (writer == null || candidate.getClass().getName().startsWith("com.sun.imageio")) {
                writer = candidate;
            }
        }
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(inks, null, null), null);
            out.flush();
            // "Adobe", version 100, flags 0 and 0, transform 0 (CMYK, not YCCK)
            return withSegment(bytes.toByteArray(), 0xEE, new byte[] {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    public static byte[] encode(BufferedImage image, String format) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            if (!ImageIO.write(image, format, bytes)) {
                throw new IllegalArgumentException("no ImageIO writer for " + format);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The JPEG with a minimal EXIF block (APP1 right after SOI) holding only the orientation tag,
     * as a phone camera writes it. Orientation 6 means "rotate 90° clockwise to view".
     */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        return withExif(jpeg, orientation, null, null);
    }

    /** The JPEG with an EXIF block (APP1 after SOI): orientation, and camera make and model when given. */
    public static byte[] withExif(byte[] jpeg, int orientation, String make, String model) {
        if ((jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            throw new IllegalArgumentException("not a JPEG");
        }
        List<byte[]> strings = new ArrayList<>();
        List<Integer> tags = new ArrayList<>();
        if (make != null) {
            tags.add(0x010F);
            strings.add((make + "\0").getBytes(StandardCharsets.US_ASCII));
        }
        if (model != null) {
            tags.add(0x0110);
            strings.add((model + "\0").getBytes(StandardCharsets.US_ASCII));
        }
        int entries = tags.size() + 1;
        int dataOffset = 8 + 2 + entries * 12 + 4; // TIFF header, entry count, entries, next-IFD offset
        ByteBuffer tiff = ByteBuffer.allocate(
                dataOffset + strings.stream().mapToInt(b -> b.length).sum());
        tiff.put(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8}).putShort((short) entries);
        int offset = dataOffset;
        for (int i = 0; i < tags.size(); i++) { // tags in ascending order, as TIFF requires
            tiff.putShort(tags.get(i).shortValue())
                    .putShort((short) 2)
                    .putInt(strings.get(i).length)
                    .putInt(offset);
            offset += strings.get(i).length;
        }
        tiff.putShort((short) 0x0112)
                .putShort((short) 3)
                .putInt(1)
                .putShort((short) orientation)
                .putShort((short) 0);
        tiff.putInt(0);
        strings.forEach(tiff::put);
        ByteArrayOutputStream exif = new ByteArrayOutputStream();
        exif.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        exif.writeBytes(tiff.array());
        return withSegment(jpeg, 0xE1, exif.toByteArray());
    }

    /** The JPEG with one more marker segment ({@code marker}, then {@code body}) right after SOI. */
    public static byte[] withSegment(byte[] jpeg, int marker, byte[] body) {
        int length = 2 + body.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) marker, (byte) (length >>> 8), (byte) length});
        out.writeBytes(body);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /**
     * A {@code width} x {@code height} truecolour PNG of {@code bitDepth} (8 or 16) bits per sample,
     * written row by row so that no raster of its size ever exists: vertical stripes whose colours
     * change every 500 rows, which the Up filter and deflate squeeze about a thousandfold (7000x7000 at
     * 16 bits is ~300 KB). What a small upload can ask of a decoder.
     */
    public static byte[] largePng(int width, int height, int bitDepth, boolean alpha) {
        int channels = alpha ? 4 : 3;
        int sampleBytes = bitDepth / 8;
        ByteBuffer header = ByteBuffer.allocate(13)
                .putInt(width)
                .putInt(height)
                .put((byte) bitDepth)
                .put((byte) (alpha ? 6 : 2))
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try (var out = new DeflaterOutputStream(compressed, deflater, 1 << 16)) {
            byte[] row = new byte[width * channels * sampleBytes];
            byte[] previous = new byte[row.length];
            byte[] filtered = new byte[1 + row.length];
            filtered[0] = 2; // the "Up" filter: a row like the one above is all zeros, which deflate folds away
            for (int y = 0; y < height; y++) {
                if (y % 500 == 0) {
                    int band = y / 500;
                    for (int x = 0, o = 0; x < width; x++) {
                        int stripe = (x / 50 + band) % 7;
                        for (int c = 0; c < channels; c++) {
                            int value = c == 3 ? 255 : ((stripe >> c) & 1) * 200 + 30;
                            for (int b = 0; b < sampleBytes; b++) {
                                row[o++] = (byte) value;
                            }
                        }
                    }
                }
                for (int i = 0; i < row.length; i++) {
                    filtered[i + 1] = (byte) (row[i] - previous[i]);
                }
                out.write(filtered);
                System.arraycopy(row, 0, previous, 0, row.length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        png.writeBytes(pngChunk("IHDR", header.array()));
        png.writeBytes(pngChunk("IDAT", compressed.toByteArray()));
        png.writeBytes(pngChunk("IEND", new byte[0]));
        return png.toByteArray();
    }

    /** The PNG with one more chunk ({@code type}, then {@code body}) right after IHDR. */
    public static byte[] withPngChunk(byte[] png, String type, byte[] body) {
        int afterHeader = 8 + 4 + 4 + 13 + 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterHeader);
        out.writeBytes(pngChunk(type, body));
        out.write(png, afterHeader, png.length - afterHeader);
        return out.toByteArray();
    }

    /** {@code size} zero bytes deflated: what a compressed PNG chunk can inflate to from a few kilobytes. */
    public static byte[] deflatedZeros(long size) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try (var out = new DeflaterOutputStream(compressed, deflater, 1 << 16)) {
            byte[] zeros = new byte[1 << 20];
            for (long written = 0; written < size; written += zeros.length) {
                out.write(zeros, 0, (int) Math.min(zeros.length, size - written));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return compressed.toByteArray();
    }

    private static byte[] pngChunk(String type, byte[] body) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(body);
        return ByteBuffer.allocate(12 + body.length)
                .putInt(body.length)
                .put(name)
                .put(body)
                .putInt((int) crc.getValue())
                .array();
    }

    private static Color randomColor(Random random) {
        return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
    }
}
