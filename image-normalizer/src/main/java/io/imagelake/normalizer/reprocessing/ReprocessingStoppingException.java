package io.imagelake.normalizer.reprocessing;

import io.imagelake.support.errors.RetriableException;

/** A job asked of an instance on its way down: 503, and another instance (or this one, restarted) takes it. */
public class ReprocessingStoppingException extends RetriableException {

    public ReprocessingStoppingException() {
        super(
                // the gateway's type for a service it cannot reach: to a client it is the same, retry
                "service-unavailable",
                "Service unavailable",
                "this image-normalizer instance is stopping; retry, another instance takes the job",
                null);
    }
}
