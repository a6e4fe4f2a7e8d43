package io.imagelake.support.web;

import java.net.URI;

/** Stable problem type URIs: clients switch on these, so a slug never changes meaning. */
public final class ProblemTypes {

    public static final String BASE = "https://imagelake.dev/problems/";

    private ProblemTypes() {
    }

    public static URI uri(String slug) {
        return URI.create(BASE + slug);
    }

    /**
     * A problem document written by hand, for the layers that answer before Spring MVC's problem
     * handler can (Spring Security's entry points, Tomcat's error valve, the reactive gateway).
     * {@code instance} may be null.
     */
    public static String json(int status, String slug, String title, String detail, String instance) {
        return "{\"type\":\"" + uri(slug) + "\",\"title\":\"" + escape(title) + "\",\"status\":" + status
                + ",\"detail\":\"" + escape(detail) + "\"" + (instance == null ? "" : ",\"instance\":\"" + escape(instance) + "\"") + "}";
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
