package io.imagelake.devstack;

import io.imagelake.contracts.Topics;
import io.imagelake.devstack.demo.Demo;
import io.imagelake.devstack.demo.LakeAdmin;
import io.imagelake.devstack.infra.KafkaSecurity;
import io.imagelake.devstack.process.Await;
import io.imagelake.devstack.process.LogLines;
import io.imagelake.devstack.process.RunRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code ./lake} command: the whole platform on this machine, no Docker.
 * <pre>
 *   up        start everything (idempotent), each part healthy before the next
 *   down      stop exactly what up started, by recorded pid
 *   status    component, pid, port, healthy, RSS
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
                default -> {
                    System.out.println("usage: ./lake up|down|status|logs <component>|demo|keys create --tenant <t> "
                            + "[--scopes <a,b>] [--name <label>]|keys list|keys revoke <id>");
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
}
