package io.imagelake.devstack.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A server process this stack started: its pid and log. Every JVM we start carries
 * {@code -Dlake.component=<name>} so a recorded pid is only ever signalled while it still is
 * that component (pids get reused).
 */
public final class ManagedProcess {

    public static final String MARKER = "-Dlake.component=";

    private final String name;
    private final long pid;
    private final Path log;

    private ManagedProcess(String name, long pid, Path log) {
        this.name = name;
        this.pid = pid;
        this.log = log;
    }

    /**
     * Starts {@code command} with output appended to {@code log}. With {@code detached}, the process
     * gets its own session (setsid) so it outlives the launcher and a Ctrl-C in its terminal.
     */
    public static ManagedProcess launch(
            String name, List<String> command, Map<String, String> env, Path workDir, Path log, boolean detached) {
        try {
            Files.createDirectories(log.getParent());
            Files.createDirectories(workDir);
            List<String> cmd = detached && new File("/usr/bin/setsid").canExecute()
                    ? prepend("/usr/bin/setsid", command)
                    : command;
            ProcessBuilder builder = new ProcessBuilder(cmd)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            // glibc gives a process up to 8 malloc arenas per core, each growing on its own: the JVMs allocate
            // natively from dozens of threads, so two arenas keep the local platform's memory down (docs/benchmarks.md)
            builder.environment().put("MALLOC_ARENA_MAX", "2");
            builder.environment().putAll(env);
            Process process = builder.start();
            return new ManagedProcess(name, process.pid(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Re-attaches to a process recorded by an earlier launcher run. */
    public static ManagedProcess adopt(String name, long pid, Path log) {
        return new ManagedProcess(name, pid, log);
    }

    private static List<String> prepend(String first, List<String> rest) {
        var all = new ArrayList<String>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return pid;
    }

    public Path log() {
        return log;
    }

    /** The live process, if the pid still belongs to this component. */
    public Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info()
                        .commandLine()
                        .map(c -> c.contains(MARKER + name))
                        .orElse(true));
    }

    public boolean isAlive() {
        return handle().isPresent();
    }

    /** Resident set size in MiB from /proc, or -1 when unknown. */
    public long rssMiB() {
        return rssMiB(pid);
    }

    /** Resident set size in MiB of any process from /proc, or -1 when unknown (gone, or not readable). */
    public static long rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL. */
    public void stop(Duration grace) {
        handle().ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception timeoutOrInterrupt) {
                h.destroyForcibly();
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // reported by the caller's status check
                }
            }
        });
    }

    /**
     * SIGKILL, as a crash or the OOM killer would end it: no shutdown hook runs, nothing is flushed.
     * Returns once the process has exited, so its ports are free.
     */
    public void kill() {
        handle().ifPresent(h -> {
            h.destroyForcibly();
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(name + " (pid " + pid + ") did not exit after SIGKILL", e);
            }
        });
    }

    /**
     * SIGSTOP ({@code frozen}) or SIGCONT: the process keeps its sockets and state but runs nothing, as a
     * long GC pause or a frozen VM does.
     */
    public void freeze(boolean frozen) {
        if (handle().isEmpty()) {
            throw new IllegalStateException(name + " is not running");
        }
        String signal = frozen ? "-STOP" : "-CONT";
        try {
            int exit = new ProcessBuilder("kill", signal, Long.toString(pid))
                    .inheritIO()
                    .start()
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid + " exited " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last lines of the log, for failure messages. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
