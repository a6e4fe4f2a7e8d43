package io.imagelake.gateway.edge;

import io.imagelake.gateway.problems.Problems;
import io.imagelake.gateway.problems.UnreadBody;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The upload size limit at the edge: a request that declares more than
 * {@code lake.gateway.edge.max-request-bytes} is answered 413 problem+json at once, before the
 * gateway reads its body or opens a connection to a service; one that streams more than it (no
 * Content-Length) is cut off when it passes the limit, so the gateway never relays an unbounded body.
 * It runs first, so it also tracks whether anyone reads the body ({@link UnreadBody}): a refusal
 * answered before the body was read reads it first, up to {@code refused-body-discard-bytes}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestSizeLimit implements WebFilter {

    private final long limit;
    private final long discardUpTo;

    public RequestSizeLimit(EdgeProperties properties) {
        this.limit = properties.maxRequestBytes().toBytes();
        this.discardUpTo = properties.refusedBodyDiscardBytes().toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange original, WebFilterChain chain) {
        ServerWebExchange exchange = original.mutate()
                .request(UnreadBody.track(original, original.getRequest(), discardUpTo))
                .build();
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > limit) {
            return Problems.write(
                    exchange,
                    HttpStatus.CONTENT_TOO_LARGE,
                    "payload-too-large",
                    "Content Too Large",
                    "the request body exceeds " + limit + " bytes");
        }
        if (declared >= 0) {
            return chain.filter(exchange);
        }
        AtomicLong seen = new AtomicLong();
        ServerHttpRequestDecorator counted = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return super.getBody().handle((buffer, sink) -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > limit) {
                        DataBufferUtils.release(buffer);
                        sink.error(new ResponseStatusException(
                                HttpStatus.CONTENT_TOO_LARGE, "the request body exceeds " + limit + " bytes"));
                    } else {
                        sink.next(buffer);
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build());
    }
}
