package io.imagelake.bench;

import io.imagelake.normalizer.features.ImageFeatures;
import io.imagelake.normalizer.imaging.Images;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.RescaleOp;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Near-duplicate detection quality on real photos: every corpus picture against a rescaled, a
 * recompressed, a slightly cropped and a brightened copy of itself (positives) and against every
 * other picture (negatives; several resolutions of one wallpaper are the same picture). Prints
 * precision and recall of "perceptual-hash distance ≤ k" for several k, as the normalizer computes
 * it (after its resize to the silver long edge).
 */
public final class DedupeQuality {

    public static void main(String[] args) throws Exception {
        Path originals = Path.of(args.length > 0 ? args[0] : "bench/.corpus/originals");
        Map<String, String> hashByFile = new LinkedHashMap<>();
        Map<String, String> pictureOf = new LinkedHashMap<>();
        List<String[]> positives = new ArrayList<>();
        try (Stream<Path> files = Files.list(originals)) {
            for (Path file : files.sorted().toList()) {
                BufferedImage image = ImageIO.read(file.toFile());
                if (image == null) {
                    continue;
                }
                String name = file.getFileName().toString();
                hashByFile.put(name, silverHash(image));
                pictureOf.put(name, picture(name));
                Map<String, BufferedImage> variants = Map.of(
                        "rescale50", scaled(image, 0.5),
                        "jpeg-q40", ImageIO.read(new ByteArrayInputStream(Images.jpeg(image, 0.4f))),
                        "crop5", crop(image, 0.05),
                        "bright+15", new RescaleOp(1.15f, 0, null).filter(Images.toRgb(image), null));
                for (var v : variants.entrySet()) {
                    positives.add(new String[]{hashByFile.get(name), silverHash(v.getValue()), v.getKey()});
                }
            }
        }
        List<String> names = new ArrayList<>(hashByFile.keySet());
        List<String[]> negatives = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                if (!pictureOf.get(names.get(i)).equals(pictureOf.get(names.get(j)))) {
                    negatives.add(new String[]{hashByFile.get(names.get(i)), hashByFile.get(names.get(j))});
                }
            }
        }
        System.out.printf("%d pictures (%d distinct), %d positive pairs (4 edits each), %d negative pairs%n%n",
                names.size(), pictureOf.values().stream().distinct().count(), positives.size(), negatives.size());
        System.out.printf("%4s %9s %9s %6s %6s   recall by edit%n", "k", "precision", "recall", "TP", "FP");
        for (int k : new int[]{4, 6, 8, 10, 12, 14}) {
            int tp = 0;
            Map<String, int[]> byEdit = new LinkedHashMap<>();
            for (String[] p : positives) {
                boolean hit = ImageFeatures.hammingDistance(p[0], p[1]) <= k;
                tp += hit ? 1 : 0;
                int[] counts = byEdit.computeIfAbsent(p[2], e -> new int[2]);
                counts[0] += hit ? 1 : 0;
                counts[1]++;
            }
            int fp = 0;
            for (String[] n : negatives) {
                fp += ImageFeatures.hammingDistance(n[0], n[1]) <= k ? 1 : 0;
            }
            StringBuilder edits = new StringBuilder();
            byEdit.forEach((edit, c) -> edits.append(String.format("%s %.2f  ", edit, (double) c[0] / c[1])));
            System.out.printf("%4d %9.4f %9.4f %6d %6d   %s%n", k, tp + fp == 0 ? 1.0 : (double) tp / (tp + fp),
                    (double) tp / positives.size(), tp, fp, edits);
        }
    }

    /** As the normalizer hashes it: on the silver rendition (long edge 1024). */
    private static String silverHash(BufferedImage image) {
        return ImageFeatures.phash(Images.fitWithin(image, 1024));
    }

    /**
     * Several files of one picture at different resolutions are one picture: a plasma wallpaper's
     * folder, or a mate background's name without its {@code _<width>x<height>} suffix
     * ({@code Elephants.jpg}, {@code Elephants_3840x2160.jpg}, {@code Elephants_5640x3172.jpg}).
     */
    static String picture(String file) {
        int at = file.indexOf("wallpapers_");
        if (at >= 0) {
            String rest = file.substring(at + "wallpapers_".length());
            return rest.substring(0, Math.max(rest.indexOf('_'), 0));
        }
        return file.replaceFirst("\\.[^.]+$", "").replaceFirst("_\\d+x\\d+$", "");
    }

    private static BufferedImage scaled(BufferedImage image, double factor) {
        int w = Math.max(1, (int) (image.getWidth() * factor));
        int h = Math.max(1, (int) (image.getHeight() * factor));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static BufferedImage crop(BufferedImage image, double each) {
        int dx = (int) (image.getWidth() * each);
        int dy = (int) (image.getHeight() * each);
        return Images.toRgb(image).getSubimage(dx, dy, image.getWidth() - 2 * dx, image.getHeight() - 2 * dy);
    }
}
