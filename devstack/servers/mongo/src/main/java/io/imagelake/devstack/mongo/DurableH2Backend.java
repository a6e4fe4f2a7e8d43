package io.imagelake.devstack.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

/**
 * H2's MVStore commits on a timer (once a second), so a kill -9 lost every write the server had acknowledged
 * since: an idempotency record, a status advance whose Kafka offset was already committed (MongoWireServerIT).
 * Here a command is answered only once its writes are in the file. That is the OS's page cache, not the disk: a
 * process crash keeps them, a power loss may not, as with MongoDB's own journal interval. MVStore coalesces
 * concurrent commits, so writers in parallel share one. Its databases plan queries by {@code _id} as MongoDB does
 * ({@link IdPlannedH2Database}).
 */
final class DurableH2Backend extends H2Backend {

    private final MVStore store;

    DurableH2Backend(MVStore store) {
        super(store);
        this.store = store;
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        // getMvStore(), not the field: H2Backend's constructor already opens the databases in the file
        return new IdPlannedH2Database(databaseName, getMvStore(), getCursorRegistry());
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        Document answer = super.handleCommand(channel, database, command, query);
        if (store.hasUnsavedChanges()) {
            store.commit();
        }
        return answer;
    }
}
