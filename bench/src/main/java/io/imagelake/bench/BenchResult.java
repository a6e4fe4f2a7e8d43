package io.imagelake.bench;

import java.util.Locale;

/**
 * The line every bench ends with, one per goal, for people and scripts alike:
 * {@code RESULT <name> value=<x> goal=<comparison><y> pass|fail}.
 */
final class BenchResult {

    private BenchResult() {}

    /** A goal met when {@code value >= goal}. */
    static void atLeast(String name, double value, double goal) {
        System.out.println(line(name, value, ">=", goal, value >= goal));
    }

    /** A goal met when {@code value <= goal}. */
    static void atMost(String name, double value, double goal) {
        System.out.println(line(name, value, "<=", goal, value <= goal));
    }

    static String line(String name, double value, String comparison, double goal, boolean pass) {
        return String.format(
                Locale.ROOT,
                "RESULT %s value=%.4f goal=%s%.3f %s",
                name,
                value,
                comparison,
                goal,
                pass ? "pass" : "fail");
    }
}
