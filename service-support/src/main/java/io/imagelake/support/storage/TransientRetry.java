package io.imagelake.support.storage;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import java.io.IOException;
import java.util.concurrent.Callable;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * Retries a small, repeatable object-store call on a transient failure (a 5xx answer or a broken
 * connection), as the AWS SDKs do; a 4xx answer is final. Found needed on S3Proxy's filesystem
 * store: deleting the last object of a "directory" removes the directory, and a concurrent PUT
 * into it then fails with a 500 (the {@code _pending/} markers hit this under load).
 */
public class TransientRetry {

    private final RetryTemplate template;

    public TransientRetry(StorageProperties.Retry settings) {
        this.template = new RetryTemplate(RetryPolicy.builder()
                .maxRetries(settings.maxRetries())
                .delay(settings.delay())
                .multiplier(settings.multiplier())
                .predicate(TransientRetry::isTransient)
                .build());
    }

    /** The call's result; the last failure if every attempt failed or the failure was not transient. */
    public <T> T call(Callable<T> work) throws Exception {
        try {
            return template.execute(work::call);
        } catch (RetryException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    static boolean isTransient(Throwable failure) {
        return switch (failure) {
            case ErrorResponseException e ->
                e.response() != null && e.response().code() >= 500;
            case ServerException e -> e.statusCode() >= 500;
            // an answer that is not S3's XML (S3Proxy's bare 500, a proxy's error page): the server failed
            case InvalidResponseException ignored -> true;
            case IOException ignored -> true;
            default -> false;
        };
    }
}
