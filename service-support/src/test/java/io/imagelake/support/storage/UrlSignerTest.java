package io.imagelake.support.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.http.Method;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Our SigV4 query signing gives, URL for URL, what the MinIO client's gives at the same instant. */
class UrlSignerTest {

    private static final Pattern DATE = Pattern.compile("X-Amz-Date=([0-9TZ]+)");
    private static final List<String> KEYS = List.of(
            "silver/t-1/0190c2d4-aaaa-7bbb-8ccc-123456789abc/v1.webp",
            "bronze/tenant 7/2026/12/06/photo (1).jpg",
            "gold/ten+ant/ünïcödé/图像/x~y*z's.png",
            "datasets/t/v3/shard-00000.tar",
            "a/b/c/%41/",
            "plain");

    @Test
    void presignedUrlsAreTheMinioClientsForEveryKeyMethodAndEndpoint() throws Exception {
        for (String endpoint : List.of(
                "http://127.0.0.1:9000",
                "http://localhost:80",
                "https://storage.example.com",
                "https://Minio.Lan:8443")) {
            MinioClient minio = MinioClient.builder()
                    .endpoint(endpoint)
                    .credentials("lake-access", "lake/secret+key")
                    .region("eu-west-3")
                    .build();
            UrlSigner signer =
                    new UrlSigner(minio, URI.create(endpoint), "eu-west-3", "lake-access", "lake/secret+key");
            for (String key : KEYS) {
                for (Method method : List.of(Method.GET, Method.PUT)) {
                    String theirs = minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                            .method(method)
                            .bucket("silver")
                            .object(key)
                            .expiry(900)
                            .build());
                    Matcher date = DATE.matcher(theirs);
                    assertThat(date.find()).isTrue();
                    ZonedDateTime at = ZonedDateTime.parse(
                            date.group(1),
                            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC));

                    String ours = signer.signPathStyle(method.name(), "silver", key, Duration.ofSeconds(900), at);

                    assertThat(ours).as(endpoint + " " + method + " " + key).isEqualTo(theirs);
                }
            }
        }
    }

    @Test
    void aKeyWithAnEmptySegmentIsSignedAsItIsWhereTheMinioClientWouldDropTheSegment() {
        UrlSigner signer = new UrlSigner(null, URI.create("http://127.0.0.1:9000"), "us-east-1", "a", "s");

        // S3 keys "a//b" and "a/b" are two objects; the MinIO client's URL would name the second
        assertThat(signer.get("silver", "a//b", Duration.ofMinutes(1)))
                .startsWith("http://127.0.0.1:9000/silver/a//b?");
    }

    @Test
    void aVirtualHostStoreKeepsTheMinioClientsSigning() {
        MinioClient minio = MinioClient.builder()
                .endpoint("https://s3.eu-west-3.amazonaws.com")
                .credentials("lake-access", "secret")
                .region("eu-west-3")
                .build();
        UrlSigner signer = new UrlSigner(
                minio, URI.create("https://s3.eu-west-3.amazonaws.com"), "eu-west-3", "lake-access", "secret");

        assertThat(signer.get("silver", "k.webp", Duration.ofMinutes(15)))
                .startsWith("https://silver.s3.eu-west-3.amazonaws.com/k.webp?");
    }
}
