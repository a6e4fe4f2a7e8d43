package io.imagelake.support.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

/**
 * Wraps every Kafka listener (the containers' advice chain) so that an {@link Error} thrown while
 * handling a record — above all an {@link OutOfMemoryError} — reaches the error handler as an
 * exception, to be retried or dead-lettered like any other failure. spring-kafka stops the whole
 * container on an Error ("Stopping container due to an Error"), so one record would otherwise halt
 * the topic for every tenant until a restart, which meets the same record again.
 */
public class ListenerErrorAdvice implements MethodInterceptor {

    private final MeterRegistry meters;

    public ListenerErrorAdvice(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        try {
            return invocation.proceed();
        } catch (Error e) {
            meters.counter("lake.kafka.listener.errors", "error", e.getClass().getSimpleName())
                    .increment();
            throw new ListenerErrorException(e);
        }
    }

    /** An Error of a listener, as an exception the container's error handler takes. */
    public static class ListenerErrorException extends RuntimeException {

        public ListenerErrorException(Error cause) {
            super("the listener failed with " + cause, cause);
        }
    }
}
