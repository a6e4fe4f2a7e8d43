package io.imagelake.devstack.services;

import java.util.Map;

/**
 * One service instance of the platform: which module's jar, on which port, with how much heap,
 * and the extra environment it needs beyond the infrastructure endpoints.
 */
public record ServiceSpec(String name, String module, int port, String heap, Map<String, String> env) {

    public String healthUrl() {
        return "http://127.0.0.1:" + port + "/actuator/health/readiness";
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }
}
