package io.imagelake.catalog.images;

import io.imagelake.support.errors.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a listing page ended: the (createdAt, imageId) of its last item. Opaque to clients
 * (base64url), so its form can change without breaking them.
 */
public record ListingCursor(Instant createdAt, String imageId) {

    public String encode() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((createdAt.toEpochMilli() + ":" + imageId).getBytes(StandardCharsets.UTF_8));
    }

    public static ListingCursor decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            return new ListingCursor(
                    Instant.ofEpochMilli(Long.parseLong(text.substring(0, colon))), text.substring(colon + 1));
        } catch (RuntimeException e) {
            throw InvalidRequestException.of("cursor", "not a cursor this API issued");
        }
    }
}
