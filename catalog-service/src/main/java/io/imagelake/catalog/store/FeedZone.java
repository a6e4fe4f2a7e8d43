package io.imagelake.catalog.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The zones a trainer can follow. */
public enum FeedZone {
    SILVER,
    GOLD;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FeedZone> of(String id) {
        return Arrays.stream(values()).filter(z -> z.id().equals(id)).findFirst();
    }
}
