package io.imagelake.support.storage;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.http.Method;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Presigns object URLs for clients, naming {@code lake.storage.public-endpoint} when it is set (a presigned URL's
 * signature covers the host it names). Signing is local (the region is fixed): no request leaves.
 *
 * <p>Our own AWS Signature V4 query signing for path-style stores (MinIO, the local S3 server), where the MinIO
 * client's took 0.2 ms a URL: it derives the signing key (four HMACs) and builds three OkHttp URLs for every
 * signature, and a trainer's feed page presigns 3,000 (three zones of 1,000 images), 70 % of catalog-service's CPU
 * on the feed (JFR, bench/catalog-throughput.sh). Here the key is derived once a day and a URL is one SHA-256 and
 * one HMAC. UrlSignerTest holds it to the MinIO client's output, URL for URL; stores addressed by virtual host
 * (AWS, Alibaba) keep the MinIO client's signing.
 */
public final class UrlSigner {

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final DateTimeFormatter SCOPE_DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final HexFormat HEX = HexFormat.of();

    private final MinioClient client;
    private final URI endpoint;
    private final String host;
    private final String region;
    private final String accessKey;
    private final byte[] secret;
    private final boolean pathStyle;
    private final AtomicReference<DayKey> dayKey = new AtomicReference<>();
    private final AtomicReference<Stamp> stamp = new AtomicReference<>();

    /**
     * The day's signing key (HMAC-SHA256 chained over the date, region, service and request type) in a Mac keyed
     * with it. Each URL signs with a clone: a Mac.getInstance and init per URL (a provider lookup and the key's
     * setup) cost more than the HMAC itself. The prototype is never updated after its init, so threads clone it at
     * once safely.
     */
    private record DayKey(String day, Mac prototype) {}

    /** The signing time's two forms, for the second they name: every URL of a page signs within one or two. */
    private record Stamp(long epochSecond, String day, String amzDate) {}

    /** A SHA-256 digest cloned per URL, for the same reason as {@link DayKey}'s Mac. */
    private static final MessageDigest SHA256 = ContentDigest.newDigest();

    public UrlSigner(MinioClient client, URI endpoint, String region, String accessKey, String secretKey) {
        this.client = client;
        this.endpoint = endpoint;
        this.region = region;
        this.accessKey = accessKey;
        this.secret = ("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8);
        int port = endpoint.getPort();
        boolean defaultPort = port == -1
                || (port == 80 && "http".equals(endpoint.getScheme()))
                || (port == 443 && "https".equals(endpoint.getScheme()));
        // as the MinIO client (OkHttp) writes the Host header: lower case, the port only when not the default
        String hostName = endpoint.getHost().toLowerCase(Locale.ROOT);
        this.host = defaultPort ? hostName : hostName + ":" + port;
        // the MinIO client addresses these by virtual host (bucket.host); its own signing covers that form
        this.pathStyle = !(hostName.endsWith("amazonaws.com")
                || hostName.endsWith("amazonaws.com.cn")
                || hostName.endsWith("aliyuncs.com"));
    }

    /** A GET of {@code bucket/key} valid for {@code ttl}. */
    public String get(String bucket, String key, Duration ttl) {
        return sign(Method.GET, bucket, key, ttl);
    }

    /**
     * A PUT to {@code bucket/key} valid for {@code ttl}: a client's upload straight to the store. The signature covers
     * the address, not the body: whoever asked for it checks what arrived.
     */
    public String put(String bucket, String key, Duration ttl) {
        return sign(Method.PUT, bucket, key, ttl);
    }

    private String sign(Method method, String bucket, String key, Duration ttl) {
        if (pathStyle) {
            return signPathStyle(method.name(), bucket, key, ttl, ZonedDateTime.now(ZoneOffset.UTC));
        }
        try {
            return client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(method)
                    .bucket(bucket)
                    .object(key)
                    .expiry((int) ttl.toSeconds())
                    .build());
        } catch (Exception e) {
            // signing is local (fixed region); a failure here is a bug, not an outage
            throw new IllegalStateException("cannot presign " + method + " " + bucket + "/" + key, e);
        }
    }

    String signPathStyle(String method, String bucket, String key, Duration ttl, ZonedDateTime now) {
        Stamp at = stampOf(now);
        String scope = at.day() + "/" + region + "/s3/aws4_request";
        String path = "/" + bucket + "/" + encodePath(key);
        // the parameters in their canonical (sorted) order, which is also the order of the URL's
        String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=" + encode(accessKey + "/" + scope)
                + "&X-Amz-Date=" + at.amzDate()
                + "&X-Amz-Expires=" + ttl.toSeconds()
                + "&X-Amz-SignedHeaders=host";
        String canonicalRequest = method + "\n" + path + "\n" + query + "\nhost:" + host + "\n\nhost\nUNSIGNED-PAYLOAD";
        String stringToSign = "AWS4-HMAC-SHA256\n" + at.amzDate() + "\n" + scope + "\n"
                + HEX.formatHex(copyOf(SHA256).digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        String signature =
                HEX.formatHex(copyOf(signingKey(at.day())).doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        return endpoint.getScheme() + "://" + host + path + "?" + query + "&X-Amz-Signature=" + signature;
    }

    private Stamp stampOf(ZonedDateTime now) {
        long second = now.toEpochSecond();
        Stamp current = stamp.get();
        if (current == null || current.epochSecond() != second) {
            current = new Stamp(second, now.format(SCOPE_DATE), now.format(AMZ_DATE));
            stamp.set(current);
        }
        return current;
    }

    private Mac signingKey(String day) {
        DayKey current = dayKey.get();
        if (current == null || !current.day().equals(day)) {
            byte[] key = ContentDigest.hmacSha256(
                    ContentDigest.hmacSha256(
                            ContentDigest.hmacSha256(ContentDigest.hmacSha256(secret, day), region), "s3"),
                    "aws4_request");
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                current = new DayKey(day, mac);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
            }
            dayKey.set(current);
        }
        return current.prototype();
    }

    private static MessageDigest copyOf(MessageDigest prototype) {
        try {
            return (MessageDigest) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
        }
    }

    private static Mac copyOf(Mac prototype) {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HmacSHA256 is cloneable", e);
        }
    }

    /** S3's URI encoding: every byte but the unreserved characters, as %XX. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }

    /** A key's segments encoded, its slashes (and empty segments) kept. */
    private static String encodePath(String key) {
        return Arrays.stream(key.split("/", -1)).map(UrlSigner::encode).collect(Collectors.joining("/"));
    }
}
