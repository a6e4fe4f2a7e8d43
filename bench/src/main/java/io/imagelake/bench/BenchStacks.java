package io.imagelake.bench;

import io.imagelake.devstack.Stack;
import io.imagelake.devstack.StackLayout;
import io.imagelake.devstack.StackPorts;
import io.imagelake.devstack.infra.KafkaSecurity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.util.FileSystemUtils;

/** A bench's own stack, on free ports, from empty servers: numbers comparable across runs. */
final class BenchStacks {

    private BenchStacks() {}

    /** Client settings of the local broker's operator (bootstrap included), a mutable copy for a bench to add to. */
    static Map<String, Object> adminKafkaClient(Stack stack) {
        Map<String, Object> properties = new HashMap<>(stack.kafkaClientProperties(KafkaSecurity.ADMIN));
        properties.put("bootstrap.servers", stack.endpoints().kafkaBootstrap());
        return properties;
    }

    /**
     * A stack under {@code bench/.work/<name>}, emptied first; the service JVMs take
     * {@code LAKE_BENCH_JVM_OPTS} (space-separated, e.g. a JFR recording).
     */
    static Stack fresh(String name) throws IOException {
        Path work = Path.of("bench/.work", name).toAbsolutePath();
        FileSystemUtils.deleteRecursively(work);
        String options = System.getenv().getOrDefault("LAKE_BENCH_JVM_OPTS", "");
        List<String> jvm =
                options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
        return new Stack(
                new StackLayout(StackLayout.findRepo(), work),
                StackPorts.free(),
                Map.of(),
                false,
                jvm,
                line -> System.out.println("  " + line));
    }
}
