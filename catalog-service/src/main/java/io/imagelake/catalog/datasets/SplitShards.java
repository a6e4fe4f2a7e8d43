package io.imagelake.catalog.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bson.Document;

/**
 * A version's shards while it is built: one open tar per split, so each shard holds one split
 * alone ({@code train-000000.tar}, {@code validation-000000.tar}, {@code test-000000.tar}, …), the
 * layout WebDataset and Hugging Face's {@code load_dataset("webdataset", data_files=…)} read per
 * split. Images arrive in gold-feed order and each split's shards fill in that order, so a rebuild
 * names and fills every shard the same. Finished shards are indexed split by split, then by number.
 */
final class SplitShards {

    /** Uploads a finished shard under its key and says what it holds. */
    @FunctionalInterface
    interface Upload {
        Document upload(ShardWriter writer, String key) throws IOException;
    }

    private final Path dir;
    private final String prefix;
    private final Map<SplitRatios.Split, ShardWriter> open = new EnumMap<>(SplitRatios.Split.class);
    private final Map<SplitRatios.Split, Integer> numbers = new EnumMap<>(SplitRatios.Split.class);
    private final List<Document> finished = new ArrayList<>();

    SplitShards(Path dir, String prefix) {
        this.dir = dir;
        this.prefix = prefix;
    }

    /** A shard file's name: the split and its number within the split. */
    static String name(SplitRatios.Split split, int number) {
        return split.id() + "-%06d.tar".formatted(number);
    }

    /** The shard of {@code split} that takes an image of {@code nextBytes}, closing the full one first. */
    ShardWriter writerFor(SplitRatios.Split split, ShardLimits limits, long nextBytes, Upload upload)
            throws IOException {
        ShardWriter shard = open.get(split);
        if (shard != null && limits.fullFor(shard.images(), shard.bytes(), nextBytes)) {
            close(split, upload);
            shard = null;
        }
        if (shard == null) {
            shard = new ShardWriter(dir.resolve(name(split, number(split))));
            open.put(split, shard);
        }
        return shard;
    }

    /** The object key of the split's current shard (an image's manifest line names it). */
    String keyOf(SplitRatios.Split split) {
        return prefix + name(split, number(split));
    }

    /** Closes and uploads what is still open; every shard of the version, indexed. */
    List<Document> finish(Upload upload) throws IOException {
        for (SplitRatios.Split split : SplitRatios.Split.values()) {
            if (open.containsKey(split)) {
                close(split, upload);
            }
        }
        finished.sort(Comparator.comparing((Document d) ->
                        SplitRatios.Split.valueOf(d.getString("split").toUpperCase(Locale.ROOT)))
                .thenComparing(d -> d.getString("name")));
        for (int i = 0; i < finished.size(); i++) {
            finished.get(i).append("index", i);
        }
        return finished;
    }

    private int number(SplitRatios.Split split) {
        return numbers.getOrDefault(split, 0);
    }

    private void close(SplitRatios.Split split, Upload upload) throws IOException {
        ShardWriter writer = open.remove(split);
        int number = number(split);
        finished.add(
                upload.upload(writer, keyOf(split)).append("split", split.id()).append("name", name(split, number)));
        numbers.put(split, number + 1);
    }
}
