package io.imagelake.gateway.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.imagelake.contracts.InternalTokenMinter;
import io.imagelake.contracts.InternalTokens;
import io.imagelake.support.security.InternalTokenProperties;
import io.imagelake.support.tenant.Tenant;
import java.util.List;
import java.util.Map;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What the services see of a caller: every client-sent {@code X-Customer-Id} and the client's own
 * credential are dropped, and the request goes on with an internal token of the verified caller
 * (tenant, scopes, subject). Tokens are reused for a fifth of their lifetime per caller, so an RSA
 * signature is not paid per request.
 */
@Component
@RestController
public class InternalTokenRelay implements GlobalFilter, Ordered {

    private final InternalTokenMinter minter;
    private final Cache<List<Object>, String> tokens;

    public InternalTokenRelay(InternalTokenMinter minter, InternalTokenProperties properties) {
        this.minter = minter;
        this.tokens = Caffeine.newBuilder()
                .expireAfterWrite(properties.ttl().dividedBy(5))
                .maximumSize(100_000)
                .build();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
                .map(context -> context.getAuthentication())
                .filter(LakeCaller.class::isInstance)
                .cast(LakeCaller.class)
                .map(caller -> exchange.mutate()
                        .request(forward(exchange.getRequest(), caller))
                        .build())
                // nothing unauthenticated reaches a route (the security chain answered 401), but never forward client
                // identity
                .switchIfEmpty(Mono.fromSupplier(() -> exchange.mutate()
                        .request(forward(exchange.getRequest(), null))
                        .build()))
                .flatMap(chain::filter);
    }

    private ServerHttpRequest forward(ServerHttpRequest request, LakeCaller caller) {
        return request.mutate()
                .headers(headers -> {
                    headers.remove(Tenant.HEADER);
                    headers.remove(HttpHeaders.AUTHORIZATION);
                    if (caller != null) {
                        headers.set(
                                HttpHeaders.AUTHORIZATION,
                                "Bearer "
                                        + tokens.get(
                                                List.of(caller.subject(), caller.tenant(), caller.scopes()),
                                                key -> minter.mint(
                                                        caller.subject(), caller.tenant(), caller.scopes())));
                    }
                })
                .build();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** The public half of the signing key, which every service verifies internal tokens with. */
    @GetMapping(InternalTokens.JWKS_PATH)
    public Map<String, Object> jwks() {
        return minter.jwks();
    }
}
