package io.imagelake.normalizer.reprocessing;

import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.InternalTokenMinter;
import io.imagelake.contracts.ObjectRef;
import io.imagelake.contracts.Scopes;
import io.imagelake.contracts.Source;
import io.imagelake.support.storage.StorageProperties;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * A tenant's originals as the catalog knows them, page by page (its listing API, filtered to images
 * that reached bronze and to a receive-time range), turned back into the {@code ImageIngested} the
 * pipeline takes. The catalog, not bronze, is the source: only it keeps caption, tags and source.
 */
@Component
public class CatalogOriginals {

    /** Who the normalizer is to the catalog: a service acting for the tenant it reprocesses, reading only. */
    static final String SUBJECT = "service:image-normalizer";

    private final RestClient catalog;
    private final String bronzeBucket;
    private final int pageSize;
    private final ObjectProvider<InternalTokenMinter> tokens;

    public CatalogOriginals(
            RestClient.Builder http,
            ReprocessingProperties properties,
            StorageProperties storage,
            ObjectProvider<InternalTokenMinter> tokens) {
        this.tokens = tokens;
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(properties.catalogTimeout());
        requests.setReadTimeout(properties.catalogTimeout());
        this.catalog = http.baseUrl(properties.catalogUri().toString())
                .requestFactory(requests)
                .build();
        this.bronzeBucket = storage.buckets().bronze();
        this.pageSize = properties.pageSize();
    }

    /** One page of originals; {@code nextCursor} is empty on the last page. */
    public record Page(List<Original> originals, Optional<String> nextCursor) {}

    /** An original and the pipeline version whose verdict the catalog holds for it (null: none yet). */
    public record Original(ImageIngested event, String pipelineVersion) {}

    public Page page(String tenant, String from, String to, String cursor) {
        JsonNode body = catalog.get()
                .uri(uri -> uri.path("/api/v1/images")
                        .queryParam("zone", "bronze")
                        .queryParam("limit", pageSize)
                        .queryParamIfPresent("from", Optional.ofNullable(from))
                        .queryParamIfPresent("to", Optional.ofNullable(to))
                        .queryParamIfPresent("cursor", Optional.ofNullable(cursor))
                        .build())
                .header("Authorization", "Bearer " + token(tenant))
                .retrieve()
                .body(JsonNode.class);
        List<Original> originals = new ArrayList<>();
        for (JsonNode item : body.path("items")) {
            JsonNode version = item.path("pipelineVersion");
            originals.add(new Original(toIngested(item, bronzeBucket), version.isString() ? version.asString() : null));
        }
        JsonNode next = body.path("nextCursor");
        return new Page(originals, next.isString() ? Optional.of(next.asString()) : Optional.empty());
    }

    private String token(String tenant) {
        InternalTokenMinter minter = tokens.getIfAvailable();
        if (minter == null) {
            throw new IllegalStateException(
                    "reprocessing reads the catalog as the normalizer: configure "
                            + "lake.security.internal.signing-key-file (LAKE_SECURITY_INTERNAL_SIGNING_KEY_FILE), the key the gateway signs with");
        }
        return minter.mint(SUBJECT, tenant, List.of(Scopes.IMAGES_READ));
    }

    /** The ingest facts of a catalog image; the event id is derived, so a repeated job announces nothing new. */
    static ImageIngested toIngested(JsonNode image, String bronzeBucket) {
        String imageId = image.path("imageId").asString();
        JsonNode bronze = image.path("zones").path("bronze");
        String contentType = bronze.path("contentType").asString("application/octet-stream");
        List<String> tags = new ArrayList<>();
        image.path("tags").forEach(t -> tags.add(t.asString()));
        JsonNode caption = image.path("caption").path("original");
        Instant receivedAt = Instant.parse(image.path("createdAt").asString());
        return new ImageIngested(
                ImageEvent.CURRENT_SCHEMA_VERSION,
                UUID.nameUUIDFromBytes((imageId + "/reprocess").getBytes(StandardCharsets.UTF_8))
                        .toString(),
                imageId,
                image.path("customerId").asString(),
                Source.valueOf(image.path("source").asString(Source.UPLOAD.name())),
                new ObjectRef(bronzeBucket, bronze.path("key").asString()),
                bronze.path("bytes").asLong(),
                bronze.path("sha256").asString(),
                contentType.substring(contentType.indexOf('/') + 1).toLowerCase(Locale.ROOT),
                contentType,
                null,
                caption.isString() ? caption.asString() : null,
                tags,
                null,
                null,
                Map.of("reprocessed", "true"),
                receivedAt,
                receivedAt);
    }
}
