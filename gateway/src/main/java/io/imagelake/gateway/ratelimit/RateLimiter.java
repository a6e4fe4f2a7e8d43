package io.imagelake.gateway.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import io.imagelake.gateway.edge.EdgeProperties;
import io.imagelake.gateway.identity.LakeCaller;
import io.imagelake.gateway.problems.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Token buckets (Bucket4j) per credential and per tenant, checked for every routed request after
 * authentication; for uploads also the tenant's bytes per second (by the declared length, or the
 * edge's limit when none is declared) and its uploads in flight. Each instance holds 1/N of every
 * limit, N being the live gateway instances ({@link LocalShares}, {@link GatewayInstances}), so the
 * instances together hold the limit and no request waits on a store. Uploads in flight are counted
 * per instance, because a shared count would be left high by an instance that dies mid-upload.
 * Over a limit: 429 problem+json with {@code Retry-After} and the IETF draft's
 * {@code RateLimit-Policy} / {@code RateLimit} headers (the policy is the limit of all instances
 * together), counted in {@code lake.gateway.rate_limited{tenant,limit}} (uploads in flight:
 * {@code lake.gateway.uploads_in_flight{tenant}}).
 */
@Component
public class RateLimiter implements GlobalFilter, Ordered {

    /** The route of the uploads (application.yml). */
    static final String UPLOAD_ROUTE = "uploads";
    /** The route of resumable uploads, whose POSTs and PATCHes carry an upload's bytes too. */
    static final String TUS_ROUTE = "tus";

    /** One kind of bucket, decided once at start: its rate and the texts of its answers. */
    private record Limit(String name, LocalShares.Rate rate, String policy, String detail) {}

    private final RateLimitProperties properties;
    private final EdgeProperties edge;
    private final MeterRegistry meters;
    private final LocalShares shares;
    private final ConcurrentHashMap<String, AtomicInteger> uploadsInFlight = new ConcurrentHashMap<>();
    private final Limit tenant;
    private final Limit credential;
    private final Limit uploadBytes;
    private final String concurrencyPolicy;

    public RateLimiter(
            RateLimitProperties properties, EdgeProperties edge, MeterRegistry meters, GatewayInstances instances) {
        this.properties = properties;
        this.edge = edge;
        this.meters = meters;
        this.shares = new LocalShares(instances::live);
        this.tenant = requests("tenant", properties.tenant());
        this.credential = requests("credential", properties.credential());
        RateLimitProperties.Upload upload = properties.upload();
        long burst = upload.burstBytes().toBytes();
        this.uploadBytes = new Limit(
                "upload-bytes",
                new LocalShares.Rate(kib(burst), kib(upload.bytesPerSecond().toBytes())),
                "\"upload-bytes\";q=" + burst + ";w="
                        + Math.max(1, burst / upload.bytesPerSecond().toBytes()),
                "over the tenant's upload rate of " + upload.bytesPerSecond() + "/s (burst " + upload.burstBytes()
                        + ")");
        this.concurrencyPolicy = "\"upload-concurrency\";q=" + upload.concurrent();
    }

    private static Limit requests(String name, RateLimitProperties.Limit limit) {
        return new Limit(
                name,
                new LocalShares.Rate(limit.burst(), limit.requestsPerSecond()),
                "\"" + name + "\";q=" + limit.burst() + ";w=" + Math.max(1, limit.burst() / limit.requestsPerSecond()),
                "over the " + name + " limit of " + limit.requestsPerSecond() + " requests/s (burst " + limit.burst()
                        + ")");
    }

    /** Upload buckets count KiB: a byte per token would make one upload thousands of tokens and cap rates at 1 GB/s. */
    private static long kib(long bytes) {
        return Math.max(1, (bytes + 1023) / 1024);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (!properties.enabled()) {
            return chain.filter(exchange);
        }
        // Mono<Void> completes empty, so "no caller" is told apart with an Optional, not switchIfEmpty
        return ReactiveSecurityContextHolder.getContext()
                .map(context -> Optional.ofNullable(context.getAuthentication())
                        .filter(LakeCaller.class::isInstance)
                        .map(LakeCaller.class::cast))
                .defaultIfEmpty(Optional.empty())
                .flatMap(caller -> caller.isPresent() ? admit(exchange, chain, caller.get()) : chain.filter(exchange));
    }

    private Mono<Void> admit(ServerWebExchange exchange, GatewayFilterChain chain, LakeCaller caller) {
        ConsumptionProbe tenantProbe = shares.tryConsume("tenant:" + caller.tenant(), tenant.rate(), 1);
        if (!tenantProbe.isConsumed()) {
            return refuse(exchange, caller, tenant.name(), tenant.policy(), tenantProbe, tenant.detail());
        }
        ConsumptionProbe probe = shares.tryConsume("credential:" + caller.subject(), credential.rate(), 1);
        if (!probe.isConsumed()) {
            return refuse(exchange, caller, credential.name(), credential.policy(), probe, credential.detail());
        }
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set("RateLimit-Policy", credential.policy());
        headers.set("RateLimit", "\"credential\";r=" + probe.getRemainingTokens() + ";t=0");
        return isUpload(exchange) ? admitUpload(exchange, chain, caller) : chain.filter(exchange);
    }

    private Mono<Void> admitUpload(ServerWebExchange exchange, GatewayFilterChain chain, LakeCaller caller) {
        RateLimitProperties.Upload upload = properties.upload();
        long declared = exchange.getRequest().getHeaders().getContentLength();
        long bytes = declared >= 0 ? declared : edge.maxRequestBytes().toBytes();
        ConsumptionProbe probe = shares.tryConsume("upload-bytes:" + caller.tenant(), uploadBytes.rate(), kib(bytes));
        if (!probe.isConsumed()) {
            return refuse(exchange, caller, uploadBytes.name(), uploadBytes.policy(), probe, uploadBytes.detail());
        }
        AtomicInteger inFlight = uploadsInFlight.computeIfAbsent(caller.tenant(), t -> {
            AtomicInteger count = new AtomicInteger();
            meters.gauge("lake.gateway.uploads_in_flight", Tags.of("tenant", t), count);
            return count;
        });
        if (inFlight.incrementAndGet() > upload.concurrent()) {
            inFlight.decrementAndGet();
            return refuse(
                    exchange,
                    caller,
                    "upload-concurrency",
                    concurrencyPolicy,
                    null,
                    "over the tenant's " + upload.concurrent() + " uploads in flight");
        }
        return chain.filter(exchange).doFinally(signal -> inFlight.decrementAndGet());
    }

    private static boolean isUpload(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        HttpMethod method = exchange.getRequest().getMethod();
        return route != null
                && ((UPLOAD_ROUTE.equals(route.getId()) && HttpMethod.POST.equals(method))
                        || (TUS_ROUTE.equals(route.getId())
                                && (HttpMethod.POST.equals(method) || HttpMethod.PATCH.equals(method))));
    }

    private Mono<Void> refuse(
            ServerWebExchange exchange,
            LakeCaller caller,
            String limit,
            String policy,
            ConsumptionProbe probe,
            String detail) {
        long seconds = probe == null
                ? 1
                : Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
        meters.counter("lake.gateway.rate_limited", "tenant", caller.tenant(), "limit", limit)
                .increment();
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        headers.set("RateLimit-Policy", policy);
        headers.set("RateLimit", "\"" + limit + "\";r=0;t=" + seconds);
        return Problems.write(
                exchange,
                HttpStatus.TOO_MANY_REQUESTS,
                "rate-limited",
                "Too Many Requests",
                detail + "; retry after " + seconds + " s");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1; // after the identity relay sees the caller, before any routing work
    }
}
