package io.imagelake.gateway.problems;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;

class ProblemErrorHandlerTest {

    private final ProblemErrorHandler handler = new ProblemErrorHandler();

    @Test
    void aServiceThatCannotBeReachedIsServiceUnavailableWithRetryAfter() {
        MockServerWebExchange exchange = exchange();

        handler.handle(exchange, new IllegalStateException("relay failed", new ConnectException("Connection refused")))
                .block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("2");
        assertThat(exchange.getResponse().getBodyAsString().block())
                .contains("https://imagelake.dev/problems/service-unavailable");
    }

    @Test
    void aServiceWhoseConnectionIsResetBeforeItAnswersIsServiceUnavailableWithRetryAfter() {
        MockServerWebExchange exchange = exchange();

        // what netty's native transport throws when an instance dies mid-request (kill -9)
        handler.handle(exchange, new IOException("recvAddress(..) failed with error(-104): Connection reset by peer"))
                .block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("2");
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeIsGatewayTimeout() {
        MockServerWebExchange exchange = exchange();

        handler.handle(exchange, new TimeoutException("response took longer than 120s"))
                .block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("/problems/gateway-timeout");
    }

    @Test
    void aStatusTheGatewayChoseKeepsItsStatusAndReasonAndAnythingElseIsInternal() {
        MockServerWebExchange tooLarge = exchange();
        MockServerWebExchange bug = exchange();

        handler.handle(
                        tooLarge,
                        new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, "the request body exceeds 10 bytes"))
                .block();
        handler.handle(bug, new NullPointerException()).block();

        assertThat(tooLarge.getResponse().getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(tooLarge.getResponse().getBodyAsString().block())
                .contains("/problems/payload-too-large", "exceeds 10 bytes");
        assertThat(bug.getResponse().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(bug.getResponse().getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
    }

    private static MockServerWebExchange exchange() {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/stats/images"));
    }
}
