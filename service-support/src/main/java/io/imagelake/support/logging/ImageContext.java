package io.imagelake.support.logging;

import org.slf4j.MDC;

/**
 * The image a thread works on, in the logging context: every log line written meanwhile carries
 * {@code tenant} and {@code imageId} (beside the {@code traceId} and {@code spanId} tracing adds),
 * so one image can be followed through the services' JSON logs. Names only, never content.
 */
public final class ImageContext implements AutoCloseable {

    public static final String TENANT = "tenant";
    public static final String IMAGE_ID = "imageId";

    private final MDC.MDCCloseable tenant;
    private final MDC.MDCCloseable imageId;

    private ImageContext(String tenant, String imageId) {
        this.tenant = MDC.putCloseable(TENANT, tenant);
        this.imageId = MDC.putCloseable(IMAGE_ID, imageId);
    }

    /** Until closed, this thread's log lines name the tenant and the image. */
    public static ImageContext of(String tenant, String imageId) {
        return new ImageContext(tenant, imageId);
    }

    @Override
    public void close() {
        imageId.close();
        tenant.close();
    }
}
