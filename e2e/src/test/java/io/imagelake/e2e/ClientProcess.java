package io.imagelake.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A client program of another language run against the platform (the Python trainer client, a tus client). */
final class ClientProcess {

    private ClientProcess() {}

    /** What a run printed (stdout and stderr together) and its exit code (-1: killed at the timeout). */
    record Run(int exitCode, String output) {}

    static Run run(ProcessBuilder builder, Duration timeout) throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (InputStream in = process.getInputStream()) {
                output.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.append("(output unreadable: ").append(e).append(')');
            }
        });
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        reader.join();
        return new Run(process.isAlive() ? -1 : process.exitValue(), output.toString());
    }
}
