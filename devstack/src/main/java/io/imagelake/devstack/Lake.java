package io.imagelake.devstack;

import io.imagelake.contracts.Topics;
import io.imagelake.devstack.demo.Demo;
import io.imagelake.devstack.demo.LakeAdmin;
import io.imagelake.devstack.infra.KafkaSecurity;
import io.imagelake.devstack.infra.PrometheusServer;
import io.imagelake.devstack.process.Await;
import io.imagelake.devstack.process.LogLines;
import io.imagelake.devstack.process.RunRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code ./lake} command: the whole platform on this machine, no Docker.
 * <pre>
 *   up        start everything (idempotent), each part healthy before the next
 *   down      stop exactly what up started, by recorded pid
 *   status    component, pid, port, healthy, RSS; the alerts the local Prometheus sees firing
 *   logs C    the last lines of a component's log, JSON lines made readable (--raw: as written)
 *   demo      upload a few images through the gateway and show them in silver and in the stats
 *   keys      create --tenant T [--scopes a,b] [--name N] (the secret alone on stdout) | list | revoke ID
 * </pre>
 */
public final class Lake {

    private Lake() {}

    public static void main(String[] args) {
        // the launcher ships no SLF4J provider on purpose (its clients' logs are not ours to show)
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        String command = args.length == 0 ? "help" : args[0];
        Stack stack = new Stack(
                StackLayout.forRepo(StackLayout.findRepo()),
                StackPorts.defaults(),
                System.getenv(),
                true,
                List.of(),
                System.out::println);
        try {
            switch (command) {
                case "up" -> up(stack);
                case "down" -> stack.down();
                case "status" -> status(stack);
                case "logs" -> logs(stack, args);
                case "demo" -> new Demo(stack.gatewayUrl(), admin(stack), System.out).run();
                case "keys" -> keys(stack, args);
                case "dlq" -> dlq(stack, args);
                default -> {
                    System.out.println("usage: ./lake up|down|status|logs <component>|demo|keys create --tenant <t> "
                            + "[--scopes <a,b>] [--name <label>]|keys list|keys revoke <id>|dlq list [topic]"
                            + "|dlq replay <topic> [--since <instant>] [--reason <r>]");
                    System.exit(command.equals("help") ? 0 : 2);
                }
            }
        } catch (Await.ComponentFailedException e) {
            System.err.println("\n" + e.getMessage());
            System.exit(1);
        } catch (RuntimeException e) {
            System.err.println("\n" + command + " failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void up(Stack stack) {
        long t0 = System.nanoTime();
        stack.up();
        System.out.printf(
                "%nImageLake is up in %.1f s. Gateway: %s (logs: %s)%n",
                (System.nanoTime() - t0) / 1e9,
                stack.gatewayUrl(),
                stack.layout().logs());
        System.out.printf(
                "Admin key (scope admin): %s. A tenant's key: ./lake keys create --tenant <tenant>%n",
                stack.adminKeyFile());
        System.out.printf(
                "Kafka (SASL SCRAM-SHA-512): the partner app's principal '%s' may write %s; its client settings: %s%n",
                KafkaSecurity.PARTNER, Topics.INCOMING, stack.kafkaSecurity().clientConfigFile(KafkaSecurity.PARTNER));
        status(stack);
    }

    private static LakeAdmin admin(Stack stack) {
        return stack.admin();
    }

    /**
     * {@code keys create} prints the secret alone on stdout (everything else goes to stderr), once: it is not stored.
     */
    private static void keys(Stack stack, String[] args) {
        String action = args.length > 1 ? args[1] : "";
        var admin = admin(stack);
        switch (action) {
            case "create" -> {
                String tenant = option(args, "--tenant");
                if (tenant == null) {
                    throw new IllegalArgumentException("keys create needs --tenant <tenant>");
                }
                String scopes = option(args, "--scopes");
                var created = admin.create(
                        tenant, scopes == null ? null : List.of(scopes.split(",")), option(args, "--name"));
                System.err.printf(
                        "key %s for tenant %s, scopes %s (the secret is shown once, below)%n",
                        created.get("id").asString(), tenant, created.get("scopes"));
                System.out.println(created.get("secret").asString());
            }
            case "list" -> {
                System.out.printf("%-16s %-24s %-40s %-10s %s%n", "id", "tenant", "scopes", "state", "name");
                for (var key : admin.list()) {
                    System.out.printf(
                            "%-16s %-24s %-40s %-10s %s%n",
                            key.get("id").asString(),
                            key.get("tenant").asString(),
                            String.join(
                                    ",",
                                    key.get("scopes")
                                            .valueStream()
                                            .map(s -> s.asString())
                                            .toList()),
                            key.get("revokedAt").isNull() ? "live" : "revoked",
                            key.path("name").asString(""));
                }
            }
            case "revoke" -> {
                if (args.length < 3) {
                    throw new IllegalArgumentException("keys revoke needs the key id (./lake keys list)");
                }
                System.err.println(admin.revoke(args[2]) ? "revoked " + args[2] : "no key " + args[2]);
            }
            default ->
                throw new IllegalArgumentException(
                        "keys create --tenant <t> [--scopes <a,b>] [--name <label>] | list | revoke <id>");
        }
    }

    private static String option(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }

    private static void status(Stack stack) {
        List<RunRegistry.Entry> entries = stack.recorded();
        if (entries.isEmpty()) {
            System.out.println("nothing is running (./lake up starts the platform)");
            return;
        }
        System.out.printf("%n%-18s %8s %6s %-8s %8s%n", "component", "pid", "port", "healthy", "rss");
        for (RunRegistry.Entry entry : entries) {
            var process = entry.process();
            boolean alive = process.isAlive();
            String healthy = !alive ? "dead" : Stack.healthy(entry) ? "yes" : "no";
            long rss = alive ? process.rssMiB() : -1;
            System.out.printf(
                    "%-18s %8d %6d %-8s %8s%n",
                    entry.name(), entry.pid(), entry.port(), healthy, rss < 0 ? "-" : rss + " MiB");
        }
        alerts(entries);
    }

    /** The alerts that fire, as the local Prometheus evaluates production's rules (runbooks: docs/operations.md). */
    private static void alerts(List<RunRegistry.Entry> entries) {
        Optional<RunRegistry.Entry> prometheus = entries.stream()
                .filter(entry -> entry.name().equals(PrometheusServer.NAME)
                        && entry.process().isAlive())
                .findFirst();
        if (prometheus.isEmpty()) {
            System.out.println(
                    "\nalerts: not evaluated (no local Prometheus: apt-get install prometheus, then ./lake up)");
            return;
        }
        Optional<List<String>> firing = PrometheusServer.firingAlerts(
                PrometheusServer.url(prometheus.get().port()));
        if (firing.isEmpty()) {
            System.out.println("\nalerts: Prometheus does not answer");
        } else if (firing.get().isEmpty()) {
            System.out.println("\nalerts: none firing");
        } else {
            System.out.println("\nalerts firing (runbooks: docs/operations.md):");
            firing.get().forEach(alert -> System.out.println("  " + alert));
        }
    }

    private static void logs(Stack stack, String[] args) throws RuntimeException {
        if (args.length < 2) {
            System.out.println("usage: ./lake logs <component> [--raw]   (one of: "
                    + String.join(
                            ", ",
                            stack.recorded().stream()
                                    .map(RunRegistry.Entry::name)
                                    .toList()) + ")");
            System.exit(2);
        }
        Path log = stack.layout().log(args[1]);
        if (!Files.exists(log)) {
            System.err.println("no log for " + args[1] + " at " + log);
            System.exit(1);
        }
        try {
            // the services' JSON lines read for a person; --raw prints them as written (for jq and friends)
            boolean raw = List.of(args).contains("--raw");
            List<String> lines = Files.readAllLines(log);
            lines.subList(Math.max(0, lines.size() - 200), lines.size())
                    .forEach(line -> System.out.println(raw ? line : LogLines.pretty(line)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code dlq list} counts every dead-letter topic; {@code dlq list <topic>} shows its records;
     * {@code dlq replay <topic> [--since <instant>] [--reason <r>]} re-publishes them to the source
     * topic. All through catalog-service's admin API, which records each replay in the audit log.
     */
    private static void dlq(Stack stack, String[] args) {
        var admin = admin(stack);
        String action = args.length > 1 ? args[1] : "list";
        if (action.equals("list") && args.length < 3) {
            for (var topic : admin.deadLetterTopics()) {
                System.out.printf(
                        "%-32s %6d%n",
                        topic.get("topic").asString(), topic.get("records").asInt());
            }
        } else if (action.equals("list")) {
            var listing = admin.deadLetters(args[2], option(args, "--since"), option(args, "--reason"));
            System.out.printf(
                    "%-10s %-36s %-20s %-26s %-24s %s%n",
                    "partition", "key", "tenant", "reason", "failed at", "origin");
            for (var entry : listing.get("records")) {
                System.out.printf(
                        "%-10s %-36s %-20s %-26s %-24s %s%n",
                        entry.get("partition").asInt() + "/"
                                + entry.get("offset").asLong(),
                        entry.path("key").asString(""),
                        entry.get("tenant").asString(),
                        entry.get("reason").asString(),
                        entry.get("failedAt").asString(),
                        entry.get("origin").asString());
            }
            if (listing.get("matching").asInt() > listing.get("records").size()) {
                System.err.printf(
                        "(the first %d of %d; narrow with --since or --reason)%n",
                        listing.get("records").size(), listing.get("matching").asInt());
            }
        } else if (action.equals("replay") && args.length >= 3) {
            var replayed = admin.replayDeadLetters(args[2], option(args, "--since"), option(args, "--reason"));
            System.out.println("replayed " + replayed.get("replayed").asInt() + " records of " + args[2] + " to "
                    + replayed.get("source").asString() + " (audited)");
        } else {
            System.out.println("usage: ./lake dlq list [topic] [--since <instant>] [--reason <r>] | dlq replay <topic> "
                    + "[--since <instant>] [--reason <r>]");
            System.exit(2);
        }
    }
}
