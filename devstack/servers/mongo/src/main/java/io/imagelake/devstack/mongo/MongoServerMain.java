package io.imagelake.devstack.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs mongo-java-server with its H2 file backend so the catalog survives restarts and, with every
 * acknowledged write committed ({@link DurableH2Backend}), a kill -9.
 * Usage: {@code MongoServerMain <host> <port> <data-file>}.
 */
public final class MongoServerMain {

    private MongoServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: MongoServerMain <host> <port> <data-file>");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        Path dataFile = Path.of(args[2]);
        Files.createDirectories(dataFile.toAbsolutePath().getParent());

        // Auto-compaction off: under sustained writes (100k documents) it freed chunks that concurrent
        // reads still used, and H2 failed with "Chunk N not found" (measured by bench/catalog-throughput.sh).
        // A quarter of the heap caches pages (H2's default is 16 MB): a page read again from the file is
        // deserialized again, a third of the server's CPU while a trainer paged a 100k-image feed (JFR).
        int cacheMegabytes = (int) Math.max(16, Runtime.getRuntime().maxMemory() / 4 / (1024 * 1024));
        MVStore store = new MVStore.Builder()
                .fileName(dataFile.toString())
                .autoCompactFillRate(0)
                .cacheSize(cacheMegabytes)
                .open();
        H2Backend backend = new DurableH2Backend(store);
        MongoServer server = new MongoServer(backend);
        server.bind(host, port);
        System.out.println("mongo-java-server listening on " + host + ":" + port + " data=" + dataFile);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // closing the server also closes (and flushes) the H2 backend
            server.shutdownNow();
            stopped.countDown();
        }, "mongo-shutdown"));
        stopped.await();
    }
}
