package io.imagelake.support.web;

import io.imagelake.support.errors.ErrorKind;
import io.imagelake.support.errors.InvalidRequestException;
import io.imagelake.support.errors.LakeException;
import io.imagelake.support.errors.RetriableException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where errors become RFC 9457 problem+json. Every problem carries a stable
 * {@code type}; Spring MVC's own errors (oversize, wrong media type, unreadable body…) get one
 * by their status.
 */
@RestControllerAdvice
public class LakeProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(LakeProblemHandler.class);

    private final ProblemProperties properties;

    public LakeProblemHandler(ProblemProperties properties) {
        this.properties = properties;
    }

    /** tus 1.0's status for a chunk whose checksum does not match (not an IANA-registered code). */
    private static final HttpStatusCode CHECKSUM_MISMATCH = HttpStatusCode.valueOf(460);

    /** The one mapping from what an error means to its HTTP status. */
    public static HttpStatusCode statusOf(ErrorKind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case GONE -> HttpStatus.GONE;
            case PRECONDITION_FAILED -> HttpStatus.PRECONDITION_FAILED;
            case CHECKSUM_MISMATCH -> CHECKSUM_MISMATCH;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case UNSUPPORTED -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    /** The problem document of an error; also used where errors are reported per item (batches). */
    public static ProblemDetail problemOf(LakeException e, String instance) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(statusOf(e.kind()), e.getMessage());
        problem.setType(ProblemTypes.uri(e.typeSlug()));
        problem.setTitle(e.title());
        problem.setInstance(URI.create(instance));
        e.properties().forEach(problem::setProperty);
        return problem;
    }

    @ExceptionHandler(LakeException.class)
    ResponseEntity<ProblemDetail> lakeException(LakeException e, HttpServletRequest request) {
        ProblemDetail problem = problemOf(e, request.getRequestURI());
        HttpHeaders headers = new HttpHeaders();
        if (e.retryLater()) {
            headers.set(
                    HttpHeaders.RETRY_AFTER,
                    Long.toString(properties.retryAfter().toSeconds()));
        }
        if (e instanceof RetriableException) {
            log.warn("{} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage(), e.getCause());
        }
        return ResponseEntity.status(statusOf(e.kind())).headers(headers).body(problem);
    }

    /**
     * A multipart body that cannot be parsed (no boundary, cut short, a broken part header) is the
     * client's error: 400, not 500. Over the size limit stays 413 (Spring's own handler, an exact match).
     */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> malformedMultipart(MultipartException e, HttpServletRequest request) {
        return lakeException(
                InvalidRequestException.of(
                        "body",
                        "not a readable multipart/form-data body: "
                                + (e.getMostSpecificCause() == null
                                        ? e.getMessage()
                                        : e.getMostSpecificCause().getMessage())),
                request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("unhandled error on {} {}", request.getMethod(), request.getRequestURI(), e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred; it has been logged");
        problem.setType(ProblemTypes.uri("internal"));
        problem.setTitle("Internal error");
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.internalServerError().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<InvalidRequestException.FieldError> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> new InvalidRequestException.FieldError(f.getField(), f.getDefaultMessage()))
                .toList();
        ProblemDetail problem = ex.getBody();
        // the same kind as every other validation failure, whichever layer found it
        problem.setType(ProblemTypes.uri("validation"));
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            if (problem.getType() == null
                    || "about:blank".equals(problem.getType().toString())) {
                problem.setType(ProblemTypes.uri(
                        ProblemTypes.forStatus(statusCode.value()).orElse("http-" + statusCode.value())));
            }
            if (problem.getInstance() == null && request instanceof ServletWebRequest servlet) {
                problem.setInstance(URI.create(servlet.getRequest().getRequestURI()));
            }
        }
        return response;
    }
}
