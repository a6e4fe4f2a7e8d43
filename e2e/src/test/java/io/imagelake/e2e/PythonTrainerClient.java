package io.imagelake.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the trainers' Python client's own test suite ({@code clients/python/tests}) with Debian's
 * {@code python3} against a running platform: what it is told of the platform goes in the
 * environment, as a trainer's job would set it.
 */
final class PythonTrainerClient {

    /** Debian's interpreter, where {@code python3-torch} installs (not a pyenv or venv shim on the PATH). */
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private static final Pattern RAN = Pattern.compile("^Ran (\\d+) tests? in", Pattern.MULTILINE);
    /** unittest's mark of a skipped test (" ... skipped 'why'") and its summary ("OK (skipped=2)"). */
    private static final Pattern SKIPPED = Pattern.compile("\\.\\.\\. skipped|\\(skipped=\\d+\\)");

    private PythonTrainerClient() {}

    /** What a run printed, its exit code and how many tests it ran. */
    record Outcome(int exitCode, int testsRun, String output) {
        boolean skippedAny() {
            return SKIPPED.matcher(output).find();
        }
    }

    static Outcome runSuite(Path repo, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                        PYTHON.toString(), "-m", "unittest", "discover", "-s", "tests", "-t", ".", "-v")
                .directory(repo.resolve("clients/python").toFile());
        builder.environment().putAll(environment);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        ClientProcess.Run run = ClientProcess.run(builder, timeout);
        String output = run.output();
        Matcher ran = RAN.matcher(output);
        return new Outcome(run.exitCode(), ran.find() ? Integer.parseInt(ran.group(1)) : 0, output);
    }
}
