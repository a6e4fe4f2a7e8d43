package io.imagelake.devstack.infra;

import io.imagelake.devstack.StackLayout;
import io.imagelake.devstack.process.Await;
import io.imagelake.devstack.process.LocalPlatformJvm;
import io.imagelake.devstack.process.ManagedProcess;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** S3Proxy over the local filesystem: the S3 API the services use, MinIO's stand-in. */
public final class S3ProxyServer {

    public static final String NAME = "s3";
    public static final List<String> ZONE_BUCKETS = List.of("bronze", "silver", "gold");
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private S3ProxyServer() {}

    public static ManagedProcess start(
            StackLayout layout, int port, String accessKey, String secretKey, boolean detached) {
        Path data = layout.data(NAME);
        Path conf = layout.conf(NAME);
        try {
            Files.createDirectories(data);
            Files.createDirectories(conf);
            Path properties = conf.resolve("s3proxy.properties");
            Files.writeString(properties, """
                    s3proxy.endpoint=http://127.0.0.1:%d
                    s3proxy.authorization=aws-v2-or-v4
                    s3proxy.identity=%s
                    s3proxy.credential=%s
                    s3proxy.ignore-unknown-headers=true
                    jclouds.provider=filesystem-nio2
                    jclouds.filesystem.basedir=%s
                    """.formatted(port, accessKey, secretKey, data));
            Path logback = conf.resolve("logback.xml");
            // S3Proxy logs every request at DEBUG without a configuration of its own
            Files.writeString(logback, """
                    <configuration>
                      <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{ISO8601} %-5level [%logger{0}] %msg%n</pattern></encoder>
                      </appender>
                      <root level="WARN"><appender-ref ref="out"/></root>
                      <logger name="org.gaul.s3proxy.Main" level="INFO"/>
                    </configuration>
                    """);
            String classpath = layout.runtimeClasspath("s3proxy");
            List<String> command = new ArrayList<>(List.of(
                    StackLayout.java(),
                    ManagedProcess.MARKER + NAME,
                    "-Xms64m",
                    "-Xmx512m",
                    "-XX:+UseSerialGC",
                    "-Dlogback.configurationFile=" + logback));
            if (detached) {
                command.addAll(LocalPlatformJvm.options(layout, NAME, classpath));
            }
            command.addAll(List.of("-cp", classpath, "org.gaul.s3proxy.Main", "--properties", properties.toString()));
            ManagedProcess process = ManagedProcess.launch(NAME, command, Map.of(), data, layout.log(NAME), detached);
            String endpoint = endpoint(port);
            Await.healthy(process, STARTUP, () -> healthy(endpoint));
            createBuckets(endpoint, accessKey, secretKey);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String endpoint(int port) {
        return "http://127.0.0.1:" + port;
    }

    /** Any HTTP answer (an unauthenticated request gets 403) means the server is serving. */
    public static boolean healthy(String endpoint) {
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(endpoint + "/"))
                            .timeout(Duration.ofSeconds(2))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() > 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The zones' buckets, if missing. The client is closed: its HTTP client's dispatcher thread is not a daemon, and
     * kept the {@code ./lake} launcher from exiting for a minute after the platform was up.
     */
    public static void createBuckets(String endpoint, String accessKey, String secretKey) {
        try (MinioClient client = MinioClient.builder()
                .endpoint(endpoint)
                .credentials(accessKey, secretKey)
                .region("us-east-1")
                .build()) {
            for (String bucket : ZONE_BUCKETS) {
                if (!client.bucketExists(
                        BucketExistsArgs.builder().bucket(bucket).build())) {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the zones' buckets at " + endpoint + ": " + e, e);
        }
    }
}
