package io.imagelake.support.kafka;

import io.imagelake.support.errors.RetriableException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;

/**
 * Whether a consumer's failure is an outage of the infrastructure (object store, Kafka, Mongo)
 * rather than anything about the record: an outage is waited out for as long as it lasts, since
 * the record will succeed once the server is back; dead-lettering it would strand a good image.
 */
public final class Outages {

    private Outages() {}

    @SuppressWarnings("checkstyle:FullyQualifiedName") // Kafka's RetriableException beside the lake's
    public static boolean isOutage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RetriableException
                    || cause instanceof org.apache.kafka.common.errors.RetriableException
                    || cause instanceof ConnectException
                    || cause instanceof SocketTimeoutException) {
                return true;
            }
            String name = cause.getClass().getName();
            // the Mongo driver is not on every service's classpath: its outage types by name
            if (name.startsWith("com.mongodb.MongoSocket")
                    || name.startsWith("com.mongodb.MongoTimeout")
                    || name.equals("com.mongodb.MongoNotPrimaryException")
                    || name.equals("com.mongodb.MongoNodeIsRecoveringException")) {
                return true;
            }
        }
        return false;
    }
}
