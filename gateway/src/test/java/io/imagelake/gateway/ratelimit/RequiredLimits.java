package io.imagelake.gateway.ratelimit;

import java.util.Map;

/** The limits application.yml gives, which {@link RateLimitProperties} requires, for binding it in tests. */
public final class RequiredLimits {

    public static final Map<String, String> OF_APPLICATION_YML = Map.of(
            "credential.requests-per-second", "50",
            "credential.burst", "100",
            "tenant.requests-per-second", "500",
            "tenant.burst", "1000",
            "upload.bytes-per-second", "64MB",
            "upload.burst-bytes", "256MB",
            "upload.concurrent", "32");

    private RequiredLimits() {}
}
