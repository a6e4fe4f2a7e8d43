package io.imagelake.support.web;

import io.imagelake.support.errors.InvalidRequestException;

/** The {@code limit} query parameter of every paged API: absent means the default; 1..max or a 400. */
public final class PageSize {

    private PageSize() {}

    public static int of(Integer limit, int defaultLimit, int maxLimit) {
        int size = limit == null ? defaultLimit : limit;
        if (size < 1 || size > maxLimit) {
            throw InvalidRequestException.of("limit", "must be 1-" + maxLimit);
        }
        return size;
    }
}
