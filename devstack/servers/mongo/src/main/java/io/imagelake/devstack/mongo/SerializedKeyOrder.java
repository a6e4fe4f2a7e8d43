package io.imagelake.devstack.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of a unique index's map: H2's own order, at a fraction of its cost. mongo-java-server's index keys
 * ({@link KeyValue}) are not {@code Comparable}, so H2 compares two of them by Java-serializing both, at every
 * step of every B-tree search: 39 % of the server's CPU while a trainer paged the feed (JFR,
 * bench/catalog-throughput.sh), which looks up each page's sequence numbers in the index. Here each key's
 * serialized form is kept (a bounded cache, by equality: equal keys serialize alike) and compared exactly as H2
 * compares it, so the order, and therefore every index file written before, stays the same. Values are written
 * and read by H2's {@link ObjectDataType} unchanged.
 */
final class SerializedKeyOrder extends ObjectDataType {

    /** Enough for the upper levels of a big index and the leaves a feed page walks. */
    private static final int CACHED_KEYS = 1 << 15;

    private final Map<KeyValue, byte[]> serialized = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<KeyValue, byte[]> eldest) {
            return size() > CACHED_KEYS;
        }
    };

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue x && b instanceof KeyValue y) {
            // what H2's serialized-object type does for two objects that are not Comparable
            return a == b ? 0 : ObjectDataType.compareNotNull(bytes(x), bytes(y));
        }
        return super.compare(a, b);
    }

    private byte[] bytes(KeyValue key) {
        synchronized (serialized) {
            return serialized.computeIfAbsent(key, ObjectDataType::serialize);
        }
    }
}
