package io.imagelake.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.imagelake.gateway.identity.LakeCaller;
import io.imagelake.gateway.problems.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Token buckets (Bucket4j) per credential and per tenant, checked for every routed request after
 * authentication. Over either limit: 429 problem+json with {@code Retry-After} and the IETF draft's
 * {@code RateLimit-Policy} / {@code RateLimit} headers, counted in
 * {@code lake.gateway.rate_limited{tenant,limit}}. The buckets live in this gateway instance: with
 * N instances behind a balancer a client gets up to N times the rate (a shared store is the next
 * step; Bucket4j has no MongoDB backend).
 */
@Component
public class RateLimiter implements GlobalFilter, Ordered {

    private final RateLimitProperties properties;
    private final MeterRegistry meters;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(200_000).build();

    public RateLimiter(RateLimitProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (!properties.enabled()) {
            return chain.filter(exchange);
        }
        // Mono<Void> completes empty, so "no caller" is told apart with an Optional, not switchIfEmpty
        return ReactiveSecurityContextHolder.getContext()
                .map(context -> java.util.Optional.ofNullable(context.getAuthentication())
                        .filter(LakeCaller.class::isInstance).map(LakeCaller.class::cast))
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(caller -> caller.isPresent() ? admit(exchange, chain, caller.get()) : chain.filter(exchange));
    }

    private Mono<Void> admit(ServerWebExchange exchange, GatewayFilterChain chain, LakeCaller caller) {
        ConsumptionProbe tenant = bucket("tenant:" + caller.tenant(), properties.tenant()).tryConsumeAndReturnRemaining(1);
        if (!tenant.isConsumed()) {
            return refuse(exchange, caller, "tenant", properties.tenant(), tenant);
        }
        ConsumptionProbe credential = bucket(caller.subject(), properties.credential()).tryConsumeAndReturnRemaining(1);
        if (!credential.isConsumed()) {
            return refuse(exchange, caller, "credential", properties.credential(), credential);
        }
        exchange.getResponse().getHeaders().set("RateLimit-Policy", policy("credential", properties.credential()));
        exchange.getResponse().getHeaders().set("RateLimit", "\"credential\";r=" + credential.getRemainingTokens() + ";t=0");
        return chain.filter(exchange);
    }

    private Mono<Void> refuse(ServerWebExchange exchange, LakeCaller caller, String scope, RateLimitProperties.Limit limit,
                              ConsumptionProbe probe) {
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
        meters.counter("lake.gateway.rate_limited", "tenant", caller.tenant(), "limit", scope).increment();
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        headers.set("RateLimit-Policy", policy(scope, limit));
        headers.set("RateLimit", "\"" + scope + "\";r=0;t=" + seconds);
        return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too Many Requests",
                "over the " + scope + " limit of " + limit.requestsPerSecond() + " requests/s (burst " + limit.burst()
                        + "); retry after " + seconds + " s");
    }

    private Bucket bucket(String key, RateLimitProperties.Limit limit) {
        return buckets.get(key, k -> Bucket.builder()
                .addLimit(l -> l.capacity(limit.burst()).refillGreedy(limit.requestsPerSecond(), Duration.ofSeconds(1)))
                .build());
    }

    private static String policy(String name, RateLimitProperties.Limit limit) {
        return "\"" + name + "\";q=" + limit.burst() + ";w=" + Math.max(1, limit.burst() / limit.requestsPerSecond());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1; // after the identity relay sees the caller, before any routing work
    }
}
