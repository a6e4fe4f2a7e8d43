package io.imagelake.catalog.datasets;

/**
 * How images are packed into a version's tar shards: in gold-feed order, a shard takes images
 * until the next would pass either limit, so shards stay even for trainers that read them in
 * parallel. A single image larger than the byte limit never reaches here (it is skipped when read).
 */
record ShardLimits(int maxImages, long maxBytes) {

    ShardLimits {
        if (maxImages < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("a shard must hold at least one image and one byte");
        }
    }

    /**
     * Whether a shard of {@code images} images and {@code bytes} bytes is closed before an image of {@code nextBytes}.
     */
    boolean fullFor(int images, long bytes, long nextBytes) {
        return images >= maxImages || bytes + nextBytes > maxBytes;
    }
}
