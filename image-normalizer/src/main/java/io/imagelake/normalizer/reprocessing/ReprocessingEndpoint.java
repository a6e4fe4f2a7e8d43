package io.imagelake.normalizer.reprocessing;

import io.imagelake.support.tenant.Tenant;
import io.imagelake.support.web.TimeBounds;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Operators' endpoint (management port, not routed by the gateway): {@code POST /actuator/reprocessing}
 * {@code {"tenant": ..., "from": ..., "to": ..., "force": false}} re-normalizes the tenant's originals
 * with the configured pipeline version (those already at it only when forced); {@code GET /actuator/reprocessing[/{id}]} reports progress.
 */
@Component
@Endpoint(id = "reprocessing")
public class ReprocessingEndpoint {

    private final ReprocessingJobs jobs;

    public ReprocessingEndpoint(ReprocessingJobs jobs) {
        this.jobs = jobs;
    }

    @WriteOperation
    public ReprocessingJob start(String tenant, @Nullable String from, @Nullable String to, @Nullable Boolean force) {
        if (!Tenant.isValid(tenant)) {
            throw new InvalidEndpointRequestException("tenant: 1-64 of [A-Za-z0-9._-]", "invalid tenant");
        }
        try {
            // the same bounds the catalog's listing accepts, checked before a job is queued
            if (from != null) {
                TimeBounds.parse("from", from, false);
            }
            if (to != null) {
                TimeBounds.parse("to", to, true);
            }
        } catch (RuntimeException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), "invalid time bound");
        }
        return jobs.start(tenant, from, to, Boolean.TRUE.equals(force));
    }

    @ReadOperation
    public List<ReprocessingJob> all() {
        return jobs.all();
    }

    @ReadOperation
    public @Nullable ReprocessingJob one(@Selector String id) {
        return jobs.find(id).orElse(null);
    }
}
