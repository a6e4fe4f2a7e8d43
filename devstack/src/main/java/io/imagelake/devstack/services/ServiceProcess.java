package io.imagelake.devstack.services;

import io.imagelake.devstack.StackLayout;
import io.imagelake.devstack.process.ManagedProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Starts a service's executable jar and checks its readiness endpoint. */
public final class ServiceProcess {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServiceProcess() {}

    public static ManagedProcess launch(
            StackLayout layout,
            ServiceSpec spec,
            Map<String, String> infraEnv,
            List<String> extraJvmOptions,
            boolean detached) {
        Map<String, String> env = new HashMap<>(infraEnv);
        env.putAll(spec.env());
        env.put("SERVER_PORT", Integer.toString(spec.port()));
        env.put("SERVER_ADDRESS", "127.0.0.1");
        env.put("LAKE_INSTANCE_ID", spec.name());
        // JSON log lines (Elastic Common Schema) with traceId, spanId, tenant and imageId; ./lake logs reads them
        env.putIfAbsent("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
        List<String> command = new ArrayList<>(List.of(
                StackLayout.java(),
                ManagedProcess.MARKER + spec.name(),
                // the heap starts small and grows as it is needed: by default a JVM starts with 1/64 of the machine's
                // memory (384 MB here, so -Xmx) committed, and the young generation's copying touches all of it
                "-Xms64m",
                "-Xmx" + spec.heap(),
                "-XX:+UseSerialGC",
                "-Xss512k",
                // the normalizer loads OpenCV's native library (System.load): allowed, without the JDK's warning
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(extraJvmOptions);
        Path jar = layout.serviceJar(spec.module());
        if (detached) {
            // ./lake up: the extracted jar, C1 only and its AOT cache (tests start from the build's jar, as a
            // deployment does)
            AotLaunch aot = AotLaunch.of(layout, spec, jar);
            command.addAll(aot.jvmOptions());
            jar = aot.jar();
        }
        command.addAll(List.of("-jar", jar.toString()));
        return ManagedProcess.launch(
                spec.name(), command, env, layout.data(spec.name()), layout.log(spec.name()), detached);
    }

    public static boolean ready(String healthUrl) {
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(healthUrl))
                            .timeout(Duration.ofSeconds(3))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
