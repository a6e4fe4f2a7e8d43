package io.imagelake.gateway.docs;

import io.imagelake.gateway.identity.IdentityProperties;
import io.imagelake.support.web.ProblemTypes;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.webflux.api.OpenApiWebfluxResource;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v3/api-docs}: the public API as one OpenAPI 3.1 document (Swagger UI at
 * {@code /swagger-ui} reads it). Made from the gateway's own operations (springdoc, at
 * {@code /v3/api-docs/gateway}) and the part of each service a route leads to (its springdoc
 * {@code /v3/api-docs}), merged by {@link ApiDocumentMerger}. Kept for a short while: the parts
 * change only with a deployment. A service that cannot be asked makes it 503, never a document
 * with operations silently missing.
 */
@RestController
public class ApiDocumentation {

    private static final Logger log = LoggerFactory.getLogger(ApiDocumentation.class);
    static final String GATEWAY_PART = "/v3/api-docs/gateway";
    private static final Duration KEPT = Duration.ofSeconds(30);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    private final RouteLocator routes;
    private final ReactiveDiscoveryClient discovery;
    private final OpenApiWebfluxResource gatewayPart;
    private final boolean oidc;
    private final WebClient http = WebClient.create();
    private volatile Mono<String> document;

    public ApiDocumentation(
            RouteLocator routes,
            ReactiveDiscoveryClient discovery,
            OpenApiWebfluxResource gatewayPart,
            IdentityProperties identity) {
        this.routes = routes;
        this.discovery = discovery;
        this.gatewayPart = gatewayPart;
        this.oidc = identity.oidc().enabled();
    }

    @GetMapping(path = "/v3/api-docs", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<String>> document(ServerHttpRequest request) {
        Mono<String> current = document;
        if (current == null) {
            current = Mono.defer(() -> build(request)).cache(doc -> KEPT, error -> Duration.ZERO, () -> Duration.ZERO);
            document = current;
        }
        return current.map(ResponseEntity::ok).onErrorResume(e -> {
            log.warn("the API description cannot be made now: {}", e.toString());
            return Mono.just(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, "5")
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(ProblemTypes.json(
                            503,
                            "service-unavailable",
                            "Service unavailable",
                            "a service's part of the API description cannot be read now",
                            request.getPath().value())));
        });
    }

    private Mono<String> build(ServerHttpRequest request) {
        Mono<ApiDocumentMerger.Part> own;
        try {
            own = gatewayPart.openapiJson(request, GATEWAY_PART, Locale.ROOT).map(json -> part("gateway", json));
        } catch (IOException e) {
            return Mono.error(e);
        }
        Flux<ApiDocumentMerger.Part> services = routedServices().concatMap(this::partOf);
        return Flux.concat(own, services)
                .collectList()
                .map(parts -> ApiDocumentMerger.merge(parts, oidc))
                .map(ApiDocumentation::json);
    }

    /** The services some route leads to ({@code lb://<service>}), each once. */
    private Flux<String> routedServices() {
        return routes.getRoutes()
                .map(Route::getUri)
                .filter(uri -> "lb".equals(uri.getScheme()))
                .map(uri -> uri.getHost())
                .distinct()
                .sort();
    }

    /** A service's part, from the first of its instances that answers. */
    private Mono<ApiDocumentMerger.Part> partOf(String service) {
        return discovery
                .getInstances(service)
                .concatMap(instance -> ask(instance).onErrorResume(e -> Mono.empty()))
                .next()
                .map(json -> part(service, json))
                .switchIfEmpty(Mono.error(
                        () -> new IllegalStateException("no instance of " + service + " describes its API")));
    }

    private Mono<byte[]> ask(ServiceInstance instance) {
        return http.get()
                .uri(instance.getUri().resolve("/v3/api-docs"))
                .retrieve()
                .bodyToMono(byte[].class)
                .timeout(ASK_TIMEOUT);
    }

    private static ApiDocumentMerger.Part part(String source, byte[] json) {
        try {
            return new ApiDocumentMerger.Part(source, Json31.mapper().readValue(json, OpenAPI.class));
        } catch (IOException e) {
            throw new IllegalStateException(source + "'s API description is not OpenAPI: " + e.getMessage(), e);
        }
    }

    private static String json(OpenAPI document) {
        try {
            return Json31.pretty().writeValueAsString(document);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
