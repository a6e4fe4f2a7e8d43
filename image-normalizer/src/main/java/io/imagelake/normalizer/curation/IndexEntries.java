package io.imagelake.normalizer.curation;

import java.time.Instant;

/**
 * What the near-duplicate indexes in the object store ({@link NearDuplicateIndex},
 * {@link CropDuplicateIndex}) share: an entry is named {@code <hash>_<imageId>}, so a listing needs
 * no reads, and entries are ordered by when they were indexed, then by image id — object-store times
 * may have one-second resolution, and both indexes must agree on which image came first.
 */
final class IndexEntries {

    private IndexEntries() {}

    /** An entry's name: the hash (hex) and the image it indexes. */
    record Name(String hash, String imageId) {

        /** The name at the end of an entry's object key, or null for an object that is not an entry. */
        static Name parse(String objectName) {
            String name = objectName.substring(objectName.lastIndexOf('/') + 1);
            int sep = name.indexOf('_');
            return sep > 0 ? new Name(name.substring(0, sep), name.substring(sep + 1)) : null;
        }

        String text() {
            return hash + "_" + imageId;
        }
    }

    /** Negative if the entry of {@code imageId} indexed {@code at} came before the other one. */
    static int compare(Instant at, String imageId, Instant otherAt, String otherId) {
        int byTime = at.compareTo(otherAt);
        return byTime != 0 ? byTime : imageId.compareTo(otherId);
    }
}
