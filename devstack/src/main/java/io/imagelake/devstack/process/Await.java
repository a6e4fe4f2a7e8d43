package io.imagelake.devstack.process;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a component to become healthy, failing early when its process dies. */
public final class Await {

    private Await() {}

    public static void healthy(ManagedProcess process, Duration timeout, BooleanSupplier check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new ComponentFailedException(process.name(), "exited during startup", process);
            }
            if (safely(check)) {
                return;
            }
            sleep(250);
        }
        var failed = new ComponentFailedException(
                process == null ? "component" : process.name(),
                "not healthy after " + timeout.toSeconds() + " s",
                process);
        if (process != null) {
            // not left running: the next ./lake up would find its port taken by a process it did not record
            process.stop(Duration.ofSeconds(10));
        }
        throw failed;
    }

    public static boolean safely(BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A component that failed to start: says which one and where its log is. */
    public static final class ComponentFailedException extends RuntimeException {
        public ComponentFailedException(String component, String why, ManagedProcess process) {
            super(component + " failed to start: " + why
                    + (process == null ? "" : "\n  log: " + process.log() + "\n  last lines:\n" + process.tail(25)));
        }
    }
}
