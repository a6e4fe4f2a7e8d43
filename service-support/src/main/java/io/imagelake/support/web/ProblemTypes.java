package io.imagelake.support.web;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** Stable problem type URIs: clients switch on these, so a slug never changes meaning. */
public final class ProblemTypes {

    public static final String BASE = "https://imagelake.dev/problems/";

    /** The types of errors known only by their status: those the frameworks and servers raise themselves. */
    private static final Map<Integer, String> BY_STATUS = Map.of(
            400, "bad-request",
            404, "not-found",
            405, "method-not-allowed",
            406, "not-acceptable",
            413, "payload-too-large",
            414, "uri-too-long",
            415, "unsupported-media-type",
            431, "request-header-fields-too-large",
            503, "service-unavailable",
            504, "gateway-timeout");

    private ProblemTypes() {}

    public static URI uri(String slug) {
        return URI.create(BASE + slug);
    }

    /** The slug of an error known only by its HTTP status, if it has one of its own. */
    public static Optional<String> forStatus(int status) {
        return Optional.ofNullable(BY_STATUS.get(status));
    }

    /** As {@link #forStatus}, else {@code internal} for a server error and {@code http-<status>} for another. */
    public static String forStatusOrGeneric(int status) {
        return forStatus(status).orElse(status >= 500 ? "internal" : "http-" + status);
    }

    /**
     * A problem document written by hand, for the layers that answer before Spring MVC's problem
     * handler can (Spring Security's entry points, Tomcat's error valve, the reactive gateway).
     * {@code instance} may be null.
     */
    public static String json(int status, String slug, String title, String detail, String instance) {
        return "{\"type\":\"" + uri(slug) + "\",\"title\":\"" + escape(title) + "\",\"status\":" + status
                + ",\"detail\":\"" + escape(detail) + "\""
                + (instance == null ? "" : ",\"instance\":\"" + escape(instance) + "\"") + "}";
    }

    private static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
