package io.imagelake.support.storage;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code lake.storage.*}: the object store as clients outside the stack reach it.
 *
 * @param publicEndpoint the address presigned URLs name (e.g. {@code https://images.example.com}),
 *     when clients cannot reach {@code lake.s3.endpoint}, the services' own; the proxy in front of the
 *     store must pass the {@code Host} header through, since the signature covers it. Unset: URLs
 *     name {@code lake.s3.endpoint}, as a local stack wants.
 */
@ConfigurationProperties("lake.storage")
public record PublicStorageProperties(URI publicEndpoint) {}
