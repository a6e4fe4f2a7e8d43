package io.imagelake.gateway.identity;

import io.imagelake.gateway.problems.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/admin/keys}: create, list and revoke API keys (scope {@code admin}, enforced by
 * the security chain). The secret is in the creation answer only; listings never show it.
 */
@RestController
@Tag(name = "admin")
@RequestMapping("/api/v1/admin/keys")
public class ApiKeyAdminController {

    private final ApiKeys keys;
    private final ApiKeyStore store;

    public ApiKeyAdminController(ApiKeys keys, ApiKeyStore store) {
        this.keys = keys;
        this.store = store;
    }

    public record CreateKey(String tenant, List<String> scopes, String name) {}

    /** A key as shown to operators. */
    public record KeyView(
            String id, String tenant, String name, List<String> scopes, Instant createdAt, Instant revokedAt) {

        static KeyView of(ApiKey key) {
            return new KeyView(key.id(), key.tenant(), key.name(), key.scopes(), key.createdAt(), key.revokedAt());
        }
    }

    public record CreatedKey(
            String id, String tenant, String name, List<String> scopes, Instant createdAt, String secret) {}

    @Operation(
            operationId = "createApiKey",
            summary = "Create an API key of a tenant",
            description = "Default scopes: every tenant scope, never admin. The secret is in this answer only.")
    @ApiResponse(responseCode = "201", description = "the key, with its secret (shown once)")
    @PostMapping
    public Mono<ResponseEntity<CreatedKey>> create(@RequestBody CreateKey request) {
        return keys.create(request.tenant(), request.scopes(), request.name())
                .map(created -> ResponseEntity.status(HttpStatus.CREATED)
                        .body(new CreatedKey(
                                created.key().id(),
                                created.key().tenant(),
                                created.key().name(),
                                created.key().scopes(),
                                created.key().createdAt(),
                                created.secret())));
    }

    @Operation(operationId = "listApiKeys", summary = "The API keys, never their secrets")
    @ApiResponse(responseCode = "200", description = "the keys")
    @GetMapping
    public Flux<KeyView> list(
            @Parameter(description = "only this tenant's keys") @RequestParam(required = false) String tenant) {
        return store.list(tenant).map(KeyView::of);
    }

    @Operation(operationId = "revokeApiKey", summary = "Revoke a key: it stops working within seconds on every gateway")
    @ApiResponse(responseCode = "204", description = "revoked (again: 204)")
    @ApiResponse(responseCode = "404", description = "no such key")
    @DeleteMapping("/{id}")
    public Mono<ResponseEntity<Void>> revoke(@PathVariable String id) {
        return keys.revoke(id)
                .flatMap(revoked -> revoked
                        ? Mono.just(ResponseEntity.noContent().<Void>build())
                        : store.find(id)
                                .map(existing -> ResponseEntity.noContent().<Void>build())
                                .switchIfEmpty(Mono.error(
                                        () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no key " + id))));
    }

    @ExceptionHandler(ApiKeys.InvalidKeyRequest.class)
    Mono<Void> invalid(ApiKeys.InvalidKeyRequest e, ServerWebExchange exchange) {
        return Problems.write(
                exchange, HttpStatus.BAD_REQUEST, "validation", "Invalid request", e.field() + ": " + e.getMessage());
    }
}
