package io.imagelake.catalog.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.catalog.CatalogOnRealServers;
import io.imagelake.contracts.ObjectRef;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Presigned URLs name {@code lake.storage.public-endpoint}, the address clients outside the stack
 * reach, and still work when a proxy there passes them, Host header and all, to the real store.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "lake.storage.public-endpoint=http://images.lake.test:9443")
class PublicEndpointIT extends CatalogOnRealServers {

    @Autowired
    Presigner presigner;

    @Test
    void presignedUrlsNameThePublicEndpointAndAreAcceptedThroughAHostKeepingProxy() throws Exception {
        ObjectRef ref = new ObjectRef("silver", "public-" + UUID.randomUUID() + "/one.jpg");
        byte[] bytes = "not really a jpeg".getBytes(StandardCharsets.US_ASCII);
        put(ref, bytes);

        URI url = URI.create(presigner.get(ref.bucket(), ref.key()));

        assertThat(url.getScheme() + "://" + url.getAuthority()).isEqualTo("http://images.lake.test:9443");
        URI store = URI.create(endpoints.s3Endpoint());
        assertThat(getThroughProxy(store, url)).startsWith("HTTP/1.1 200").endsWith("not really a jpeg");
        assertThat(getThroughProxy(store, URI.create(url.toString().replace("X-Amz-Signature=", "X-Amz-Signature=0"))))
                .as("the signature is checked, so the test above could fail")
                .startsWith("HTTP/1.1 403");
    }

    /** What a reverse proxy at the public address does: the same request line and Host, sent to the store. */
    private static String getThroughProxy(URI store, URI url) throws Exception {
        try (Socket socket = new Socket(store.getHost(), store.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\nHost: " + url.getAuthority()
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (InputStream in = socket.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
        }
    }
}
