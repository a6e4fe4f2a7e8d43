package io.imagelake.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Lints an OpenAPI document with Redocly CLI, the version pinned in {@code tools/openapi-lint}
 * (installed there with {@code npm ci}: {@code ./lake test} and CI do it), under the rules of its
 * {@code redocly.yaml}.
 */
final class RedoclyLint {

    record Outcome(int exitCode, String output) {}

    private RedoclyLint() {}

    static Outcome lint(Path repo, Path document) throws IOException, InterruptedException {
        Path tool = repo.resolve("tools/openapi-lint");
        Path redocly = tool.resolve("node_modules/.bin/redocly");
        if (!Files.isExecutable(redocly)) {
            throw new IllegalStateException("Redocly CLI is not installed: run `npm ci --prefix tools/openapi-lint` "
                    + "(needs Node.js 20.19+ and npm; ./lake test does it when npm is on the PATH)");
        }
        Process lint = new ProcessBuilder(List.of(
                        redocly.toString(),
                        "lint",
                        "--config",
                        tool.resolve("redocly.yaml").toString(),
                        "--format=stylish",
                        document.toString()))
                .redirectErrorStream(true)
                .start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!lint.waitFor(2, TimeUnit.MINUTES)) {
            lint.destroyForcibly();
            throw new IllegalStateException("redocly lint did not finish:\n" + output);
        }
        return new Outcome(lint.exitValue(), output);
    }
}
