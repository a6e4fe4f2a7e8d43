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
}
