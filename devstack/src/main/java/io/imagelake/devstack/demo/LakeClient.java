package io.imagelake.devstack.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client of the public API, as the mobile app or a trainer would use it through the
 * gateway. Used by {@code ./lake demo} and the end-to-end tests.
 */
public final class LakeClient {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    // HTTP/1.1: the services speak it; an h2c upgrade attempt on every request would only add bytes
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;
    private final Credentials credentials;
    private final Map<String, String> headers;
    private final boolean tenantInHeader;

    /**
     * How a client proves who it is, per tenant: the bearer credential it sends (an API key through
     * the gateway; an internal token straight to a service in tests). Null: none.
     */
    @FunctionalInterface
    public interface Credentials {
        String bearerFor(String tenant);
    }

    /** A client that sends no credential (health, metrics, and the tests that expect a 401). */
    public LakeClient(String baseUrl) {
        this(baseUrl, tenant -> null);
    }

    public LakeClient(String baseUrl, Credentials credentials) {
        this(baseUrl, credentials, false);
    }

    private LakeClient(String baseUrl, Credentials credentials, boolean tenantInHeader) {
        this(baseUrl, credentials, tenantInHeader, Map.of());
    }

    private LakeClient(String baseUrl, Credentials credentials, boolean tenantInHeader, Map<String, String> headers) {
        this.baseUrl = baseUrl;
        this.credentials = credentials;
        this.tenantInHeader = tenantInHeader;
        this.headers = Map.copyOf(headers);
    }

    /** This client, also sending {@code headers} with every request (e.g. a W3C {@code traceparent}). */
    public LakeClient withHeaders(Map<String, String> headers) {
        return new LakeClient(baseUrl, credentials, tenantInHeader, headers);
    }

    /**
     * A client that names its tenant in {@code X-Customer-Id} and sends no credential: only a
     * gateway in {@code lake.security.mode=trusted-header} (a benchmark's reference) believes it.
     */
    public static LakeClient namingTenantInHeader(String baseUrl) {
        return new LakeClient(baseUrl, tenant -> null, true);
    }

    /** {@code tenant} null: the request goes without a credential. */
    private void authorize(HttpRequest.Builder request, String tenant) {
        headers.forEach(request::header);
        if (tenantInHeader && tenant != null) {
            request.header("X-Customer-Id", tenant);
            return;
        }
        String bearer = tenant == null ? null : credentials.bearerFor(tenant);
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
    }

    /** An HTTP answer with its JSON body (null when the body is not JSON). */
    public record Answer(int status, HttpHeaders headers, String body) {
        public JsonNode json() {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        }
    }

    public Answer upload(
            String customerId,
            byte[] image,
            String filename,
            String contentType,
            String metadataJson,
            String idempotencyKey) {
        String boundary = "lake-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        try {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                            + "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(image);
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
            if (metadataJson != null) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                                + "Content-Type: application/json\r\n\r\n" + metadataJson + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/images"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        authorize(request, customerId);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build());
    }

    /** One file of a batch: its bytes, name and content type. */
    public record BatchFile(byte[] bytes, String filename, String contentType) {}

    /** A batch upload: the file parts, then the metadata parts (none, or one per file). */
    public Answer uploadBatch(String customerId, List<BatchFile> files, List<String> metadataParts) {
        return uploadBatchTo("/api/v1/images:batch", customerId, files, metadataParts);
    }

    /**
     * Several file parts (and metadata parts) to {@code path}: the batch endpoint, or a hostile test of the single one.
     */
    public Answer uploadBatchTo(String path, String customerId, List<BatchFile> files, List<String> metadataParts) {
        String boundary = "lake-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        try {
            for (BatchFile f : files) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                                + f.filename() + "\"\r\nContent-Type: " + f.contentType() + "\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                body.write(f.bytes());
                body.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            for (String metadata : metadataParts) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                                + "Content-Type: application/json\r\n\r\n" + metadata + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        authorize(request, customerId);
        return send(request.build());
    }

    public Answer get(String customerId, String pathAndQuery) {
        return send(customerId, pathAndQuery, "GET", HttpRequest.BodyPublishers.noBody(), null);
    }

    public Answer postJson(String customerId, String path, String json) {
        return send(customerId, path, "POST", HttpRequest.BodyPublishers.ofString(json), "application/json");
    }

    public Answer delete(String customerId, String path) {
        return send(customerId, path, "DELETE", HttpRequest.BodyPublishers.noBody(), null);
    }

    /** Any request of the API (a tus client's HEAD or PATCH): {@code body} null sends none. */
    public Answer request(
            String customerId, String method, String pathAndQuery, Map<String, String> requestHeaders, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        requestHeaders.forEach(request::header);
        authorize(request, customerId);
        return send(request.build());
    }

    private Answer send(
            String customerId, String pathAndQuery, String method, HttpRequest.BodyPublisher body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(60))
                .method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        authorize(request, customerId);
        return send(request.build());
    }

    /**
     * A file behind one of the API's stable paths (a dataset's shard): the API answers 302 to a
     * presigned URL, fetched without the credential, as a trainer does.
     */
    public byte[] downloadThrough(String customerId, String path) {
        Answer redirect = get(customerId, path);
        if (redirect.status() != 302) {
            throw new IllegalStateException("GET " + path + " answered " + redirect.status() + ": " + redirect.body());
        }
        return download(redirect.headers().firstValue("Location").orElseThrow());
    }

    public byte[] download(String url) {
        try {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
