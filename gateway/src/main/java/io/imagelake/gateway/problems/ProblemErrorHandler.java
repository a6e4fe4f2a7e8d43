package io.imagelake.gateway.problems;

import io.imagelake.support.web.ProblemTypes;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Every error the gateway itself answers is problem+json with a stable type, like the services'
 * (Boot's default handler writes its own JSON): no route (404), a method or media type it does not
 * take, a body over the limit, an unreadable request; a service that cannot be reached, or whose
 * connection breaks before it answers, is 503 with
 * {@code Retry-After} (the client retries, as for any outage), one that does not answer in time
 * 504; anything else 500, logged. Ordered before Boot's handler.
 */
@Component
@Order(-2)
public class ProblemErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        HttpStatusCode status = statusOf(error);
        if (status.value() == 503) {
            exchange.getResponse().getHeaders().set("Retry-After", "2");
        }
        Optional<String> slug = ProblemTypes.forStatus(status.value());
        if (slug.isEmpty()) {
            log.error(
                    "unexpected error answering {} {}",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    error);
            return Problems.write(
                    exchange,
                    HttpStatus.INTERNAL_SERVER_ERROR,
                    "internal",
                    "Internal Server Error",
                    "an unexpected error; it has been logged");
        }
        String detail = error instanceof ResponseStatusException e && e.getReason() != null
                ? e.getReason()
                : status.value() == 503
                        ? "the service behind this route cannot be reached; retry shortly"
                        : status.value() == 504
                                ? "the service behind this route did not answer in time"
                                : title(status);
        return Problems.write(exchange, HttpStatus.valueOf(status.value()), slug.get(), title(status), detail);
    }

    private static String title(HttpStatusCode status) {
        return HttpStatus.valueOf(status.value()).getReasonPhrase();
    }

    private static HttpStatusCode statusOf(Throwable error) {
        if (error instanceof ResponseStatusException e) {
            return e.getStatusCode();
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            // before IOException: a SocketTimeoutException is both, and a timeout is 504
            if (cause instanceof TimeoutException || cause.getClass().getName().contains("Timeout")) {
                return HttpStatus.GATEWAY_TIMEOUT;
            }
            // refused, reset or closed before it answered (reactor-netty's PrematureCloseException and the
            // native transport's "Connection reset by peer" are IOExceptions too): an instance that died
            // mid-request is an outage the client retries (ChaosIT met it as a 500 when ingest-api was killed)
            if (cause instanceof IOException) {
                return HttpStatus.SERVICE_UNAVAILABLE;
            }
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }
}
