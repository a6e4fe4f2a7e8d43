package io.imagelake.devstack.infra;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.imagelake.devstack.StackLayout;
import io.imagelake.devstack.process.Await;
import io.imagelake.devstack.process.LocalPlatformJvm;
import io.imagelake.devstack.process.ManagedProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/** mongo-java-server with the H2 file backend: the MongoDB wire protocol over a file that survives restarts. */
public final class MongoWireServer {

    public static final String NAME = "mongo";
    public static final String DATABASE = "lake";
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private MongoWireServer() {}

    public static ManagedProcess start(StackLayout layout, int port, boolean detached) {
        String classpath = layout.runtimeClasspath(NAME);
        List<String> command = new ArrayList<>(List.of(
                StackLayout.java(),
                ManagedProcess.MARKER + NAME,
                "-Xms64m",
                "-Xmx" + heap(),
                "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        if (detached) {
            command.addAll(LocalPlatformJvm.options(layout, NAME, classpath));
        }
        command.addAll(List.of(
                "-cp",
                classpath,
                "io.imagelake.devstack.mongo.MongoServerMain",
                "127.0.0.1",
                Integer.toString(port),
                layout.data(NAME).resolve("catalog.mv.db").toString()));
        ManagedProcess process =
                ManagedProcess.launch(NAME, command, Map.of(), layout.data(NAME), layout.log(NAME), detached);
        String uri = uri(port);
        Await.healthy(process, STARTUP, () -> healthy(uri));
        return process;
    }

    /**
     * The embedded server keeps far more than its data on the heap: 100k catalog documents did not
     * fit in 1 GB. {@code LAKE_MONGO_HEAP} (e.g. {@code 3g}) raises it for big local catalogs and benchmarks.
     */
    static String heap() {
        return System.getenv().getOrDefault("LAKE_MONGO_HEAP", "1g");
    }

    public static String uri(int port) {
        return "mongodb://127.0.0.1:" + port + "/" + DATABASE;
    }

    public static boolean healthy(String uri) {
        try (MongoClient client = MongoClients.create(
                uri + (uri.contains("?") ? "&" : "?") + "serverSelectionTimeoutMS=1500&connectTimeoutMS=1500")) {
            return client.getDatabase("admin")
                            .runCommand(new Document("ping", 1))
                            .get("ok")
                    != null;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
