package io.imagelake.gateway.problems;

import io.imagelake.support.web.ProblemTypes;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The gateway's own answers as RFC 9457 problem+json, with the lake's stable problem types. */
public final class Problems {

    private Problems() {}

    public static Mono<Void> write(
            ServerWebExchange exchange, HttpStatus status, String slug, String title, String detail) {
        var response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (declaresBody(exchange.getRequest().getHeaders())) {
            // The gateway answers its own refusals (413, 429, 401) without reading the body. Closing the
            // connection spares the client sending the rest of an upload nobody reads, and keeps the next
            // request off a keep-alive connection whose previous body is still being discarded: reactor-netty
            // has had races there (reactor/reactor-netty#4188, #4361) that left the next request unanswered.
            response.getHeaders().setConnection("close");
        }
        byte[] body = ProblemTypes.json(
                        status.value(),
                        slug,
                        title,
                        detail,
                        exchange.getRequest().getPath().value())
                .getBytes(StandardCharsets.UTF_8);
        return UnreadBody.discard(exchange)
                .then(Mono.defer(() ->
                        response.writeWith(Mono.just(response.bufferFactory().wrap(body)))));
    }

    private static boolean declaresBody(HttpHeaders headers) {
        return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }
}
