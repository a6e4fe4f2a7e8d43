package io.imagelake.bench;

import io.imagelake.bench.IngestThroughput.Upload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU per upload of configurations of the same processes, told apart fairly on shared cores: every path (one
 * configuration's JVMs, started alike) is warmed alike, then the paths are measured in turns of two rounds, each
 * first in turn, so that drift on the cores falls on all of them alike. Two JVMs configured alike differ by up to
 * ~10 % (JIT decisions), so each configuration should have more than one path.
 */
final class AlternatingTurns {

    /** One way in: uploads through {@code upload}, whose cost is the CPU of the processes {@code pids}. */
    record Way(String name, int configuration, Upload upload, List<Long> pids) {}

    /** CPU seconds and uploads per way, in the order given. */
    record Measured(List<Way> ways, double[] seconds, long[] uploads) {

        /** CPU milliseconds per upload of all the ways of {@code configuration} together. */
        double msPerUpload(int configuration) {
            double used = 0;
            for (int w = 0; w < ways.size(); w++) {
                used += ways.get(w).configuration() == configuration ? seconds[w] : 0;
            }
            return used * 1000 / uploadsOf(configuration);
        }

        long uploadsOf(int configuration) {
            long count = 0;
            for (int w = 0; w < ways.size(); w++) {
                count += ways.get(w).configuration() == configuration ? uploads[w] : 0;
            }
            return count;
        }

        /** Each way's CPU milliseconds per upload, for the report. */
        String perWay() {
            StringBuilder out = new StringBuilder();
            for (int w = 0; w < ways.size(); w++) {
                out.append(String.format("%s %.2f ms  ", ways.get(w).name(), seconds[w] * 1000 / uploads[w]));
            }
            return out.toString().strip();
        }
    }

    private AlternatingTurns() {}

    static Measured measure(
            List<Way> ways, List<byte[]> originals, List<byte[]> files, int concurrency, int warmup, int rounds)
            throws Exception {
        for (Way fresh : ways) {
            IngestThroughput.run(fresh.upload(), originals, concurrency, warmup + rounds);
            IngestThroughput.run(fresh.upload(), files, concurrency, warmup + rounds);
        }
        int n = ways.size();
        double[] seconds = new double[n];
        long[] uploads = new long[n];
        for (int r = 0; r < 2 * rounds; r++) {
            for (int i = 0; i < n; i++) {
                int w = (i + r) % n;
                double c0 = cpuOf(ways.get(w).pids());
                uploads[w] += IngestThroughput.run(ways.get(w).upload(), files, concurrency, 2)
                        .count();
                seconds[w] += cpuOf(ways.get(w).pids()) - c0;
            }
        }
        return new Measured(List.copyOf(ways), seconds, uploads);
    }

    private static double cpuOf(List<Long> pids) {
        return pids.stream().mapToDouble(AlternatingTurns::cpuOf).sum();
    }

    /** CPU seconds (user + system) a process has used so far, from {@code /proc/<pid>/stat}; 0 if it is gone. */
    static double cpuOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // clock ticks (USER_HZ = 100)
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
