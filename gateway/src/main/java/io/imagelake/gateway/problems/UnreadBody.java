package io.imagelake.gateway.problems;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A request's body that nobody may have read yet, so that a refusal can read it first.
 *
 * <p>When the gateway answers before reading an upload (401, 413, 429, 503) and closes the connection
 * while the client is still sending, the client's kernel sees a reset and may drop the answer with
 * it: the app reads "connection reset", retries the same refused upload, and never learns why. Unless
 * the client asked {@code Expect: 100-continue} (then it has sent nothing, and reactor-netty sends
 * no 100 for a body never subscribed), {@link Problems#write} first reads and throws away a body of
 * at most {@code discardUpTo} bytes, as nginx's lingering close does; a larger one is answered at once.
 */
public final class UnreadBody {

    static final String ATTRIBUTE = UnreadBody.class.getName();

    /** A slow client does not hold a refused connection longer than this. */
    private static final Duration DISCARD_TIME = Duration.ofSeconds(30);

    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final ServerHttpRequest request;
    private final long discardUpTo;

    private UnreadBody(ServerHttpRequest request, long discardUpTo) {
        this.request = request;
        this.discardUpTo = discardUpTo;
    }

    /**
     * Tracks whether the exchange's body is ever read; the returned request is the one to pass on
     * (the edge filters run first, so every later reader sees it).
     */
    public static ServerHttpRequest track(ServerWebExchange exchange, ServerHttpRequest request, long discardUpTo) {
        UnreadBody body = new UnreadBody(request, discardUpTo);
        exchange.getAttributes().put(ATTRIBUTE, body);
        return new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                body.subscribed.set(true);
                return super.getBody();
            }
        };
    }

    /** Reads and releases what is left of the body, if nobody read it and it is small enough. */
    static Mono<Void> discard(ServerWebExchange exchange) {
        UnreadBody body = exchange.getAttribute(ATTRIBUTE);
        if (body == null || !body.worthDiscarding() || !body.subscribed.compareAndSet(false, true)) {
            return Mono.empty();
        }
        AtomicLong read = new AtomicLong();
        return body.request
                .getBody()
                .takeWhile(buffer -> {
                    long total = read.addAndGet(buffer.readableByteCount());
                    DataBufferUtils.release(buffer);
                    return total <= body.discardUpTo;
                })
                .timeout(DISCARD_TIME)
                .onErrorResume(e -> Mono.empty()) // answering is what matters now
                .then();
    }

    private boolean worthDiscarding() {
        HttpHeaders headers = request.getHeaders();
        if ("100-continue".equalsIgnoreCase(headers.getFirst(HttpHeaders.EXPECT))) {
            return false; // the client waits for our answer before it sends a byte
        }
        long declared = headers.getContentLength();
        return declared > 0 ? declared <= discardUpTo : headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }
}
