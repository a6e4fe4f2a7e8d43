package io.imagelake.gateway.routing;

import jakarta.validation.constraints.NotEmpty;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lake.gateway.*}: the instances behind each route (comma-separated in the environment,
 * e.g. {@code LAKE_GATEWAY_INGEST_URIS=http://127.0.0.1:8081,http://127.0.0.1:8082}).
 */
@Validated
@ConfigurationProperties("lake.gateway")
public record GatewayProperties(
        // two ingest instances, as ./lake up starts them (one String per element: "a,b" would be one URI)
        @DefaultValue({"http://127.0.0.1:8081", "http://127.0.0.1:8082"}) @NotEmpty
        List<URI> ingestUris,

        @DefaultValue("http://127.0.0.1:8083") @NotEmpty List<URI> catalogUris,
        @DefaultValue("http://127.0.0.1:8084") @NotEmpty List<URI> queryUris,
        /* only the operators' reprocessing (/api/v1/admin/reprocessing) is routed to the normalizer */
        @DefaultValue("http://127.0.0.1:8085") @NotEmpty List<URI> normalizerUris) {

    /** Service id (as in {@code lb://<id>} routes) to its instances. */
    public Map<String, List<URI>> services() {
        return Map.of(
                "ingest-api",
                ingestUris,
                "catalog-service",
                catalogUris,
                "query-service",
                queryUris,
                "image-normalizer",
                normalizerUris);
    }
}
