package io.imagelake.catalog.integrity;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/integrity}: GET the last check's report (404 before the first), POST to check
 * now. An operator's endpoint on the management side, not routed by the gateway to tenants.
 */
@Component
@Endpoint(id = "integrity")
public class IntegrityEndpoint {

    private final IntegrityReconciler reconciler;

    public IntegrityEndpoint(IntegrityReconciler reconciler) {
        this.reconciler = reconciler;
    }

    @ReadOperation
    public IntegrityReport last() {
        return reconciler.lastReport().orElse(null);
    }

    @WriteOperation
    public IntegrityReport check() throws Exception {
        return reconciler.check();
    }
}
