package io.imagelake.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.support.errors.ErrorKind;
import io.imagelake.support.errors.PermanentException;
import io.imagelake.support.errors.RetriableException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;

class LakeProblemHandlerTest {

    private final LakeProblemHandler handler = new LakeProblemHandler(new ProblemProperties(Duration.ofSeconds(7)));
    private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/images");

    @Test
    void anOutageTellsTheClientWhenToComeBack() {
        var answer = handler.lakeException(new Outage(), request);

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
    }

    @Test
    void aConflictThatPassesByItselfIsAnsweredWithRetryAfter() {
        var answer = handler.lakeException(new StillRunning(), request);

        assertThat(answer.getStatusCode().value()).isEqualTo(409);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
        assertThat(answer.getBody().getType().toString()).isEqualTo(ProblemTypes.BASE + "still-running");
    }

    @Test
    void aWrongInputIsNotToBeRetried() {
        var answer = handler.lakeException(new Reused(), request);

        assertThat(answer.getStatusCode().value()).isEqualTo(409);
        assertThat(answer.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
    }

    private static final class Outage extends RetriableException {
        Outage() {
            super("storage-unavailable", "Storage unavailable", "down", null);
        }
    }

    private static final class StillRunning extends PermanentException {
        StillRunning() {
            super(ErrorKind.CONFLICT, "still-running", "Still running", "the first request runs");
        }

        @Override
        public boolean retryLater() {
            return true;
        }
    }

    private static final class Reused extends PermanentException {
        Reused() {
            super(ErrorKind.CONFLICT, "reused", "Reused", "other bytes");
        }
    }
}
