package io.imagelake.bench;

import com.sun.net.httpserver.HttpServer;
import io.imagelake.devstack.Stack;
import io.imagelake.devstack.demo.LakeClient;
import io.imagelake.devstack.process.FreePorts;
import io.imagelake.devstack.services.ServiceSpec;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What tracing costs an upload: the CPU of the request's whole synchronous path (a gateway and the ingest-api
 * instance it routes to) with every request sampled and its spans exported over OTLP, against sampling 0 (what an
 * installation that wants no traces sets; the trace context is still carried). Each configuration has its own
 * gateway + ingest-api pairs, started beside the platform's and measured in {@link AlternatingTurns}. The spans go
 * to a sink in this JVM that reads and drops them, so exporting is paid in full by the services and nothing else.
 */
final class TracingCost {

    private static final int PAIRS_PER_CONFIGURATION = 2;

    private TracingCost() {}

    /** Traced / untraced CPU per upload; prints the detail. */
    static double measure(
            Stack stack, List<byte[]> originals, List<byte[]> files, int concurrency, int warmup, int rounds)
            throws Exception {
        AtomicLong exports = new AtomicLong();
        AtomicLong exportedBytes = new AtomicLong();
        HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sink.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                exportedBytes.addAndGet(body.transferTo(OutputStream.nullOutputStream()));
            }
            exports.incrementAndGet();
            // an empty ExportTraceServiceResponse: everything accepted
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        sink.start();
        List<String> started = new ArrayList<>();
        try {
            Map<String, String> traced = Map.of(
                    "MANAGEMENT_TRACING_SAMPLING_PROBABILITY",
                    "1.0",
                    "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT",
                    "http://127.0.0.1:" + sink.getAddress().getPort() + "/v1/traces");
            Map<String, String> untraced = Map.of("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "0.0");
            List<Map<String, String>> configurations = List.of(traced, untraced);
            List<String> names = List.of("traced", "untraced");
            ServiceSpec gateway = IngestThroughput.platformSpec(stack, "gateway");
            ServiceSpec ingest = IngestThroughput.platformSpec(stack, "ingest-api-1");
            List<AlternatingTurns.Way> ways = new ArrayList<>();
            for (int c = 0; c < configurations.size(); c++) {
                for (int j = 1; j <= PAIRS_PER_CONFIGURATION; j++) {
                    String suffix = "-" + names.get(c) + "-" + j;
                    ServiceSpec ingestSpec = new ServiceSpec(
                            "ingest-api" + suffix, "ingest-api", FreePorts.next(), ingest.heap(), ingest.env());
                    Map<String, String> routes = new HashMap<>(gateway.env());
                    routes.put("LAKE_GATEWAY_INGEST_URIS", "http://127.0.0.1:" + ingestSpec.port());
                    ServiceSpec gatewaySpec = new ServiceSpec(
                            "gateway" + suffix, "gateway", FreePorts.next(), gateway.heap(), Map.copyOf(routes));
                    stack.upExtraService(ingestSpec, configurations.get(c));
                    stack.upExtraService(gatewaySpec, configurations.get(c));
                    started.add(gatewaySpec.name());
                    started.add(ingestSpec.name());
                    LakeClient client = new LakeClient(
                            "http://127.0.0.1:" + gatewaySpec.port(),
                            stack.admin().tenantKeys());
                    ways.add(new AlternatingTurns.Way(
                            names.get(c) + "-" + j,
                            c,
                            bytes -> IngestThroughput.created(client, bytes),
                            List.of(
                                    IngestThroughput.pidOf(stack, gatewaySpec.name()),
                                    IngestThroughput.pidOf(stack, ingestSpec.name()))));
                }
            }
            AlternatingTurns.Measured measured =
                    AlternatingTurns.measure(ways, originals, files, concurrency, warmup, rounds);
            double on = measured.msPerUpload(0);
            double off = measured.msPerUpload(1);
            System.out.printf(
                    "%n200 KB copies, gateway + ingest-api CPU per upload (%d uploads per configuration, %d pairs "
                            + "each, alternating rounds): every request traced and exported %.2f ms, sampling 0 %.2f ms:"
                            + " %.3f x (%s); the sink took %d OTLP exports, %.1f MB%n",
                    measured.uploadsOf(0),
                    PAIRS_PER_CONFIGURATION,
                    on,
                    off,
                    on / off,
                    measured.perWay(),
                    exports.get(),
                    exportedBytes.get() / 1e6);
            if (exports.get() == 0) {
                throw new IllegalStateException(
                        "no span reached the OTLP sink: the traced configuration traced nothing");
            }
            return on / off;
        } finally {
            started.forEach(stack::stop);
            sink.stop(0);
        }
    }
}
