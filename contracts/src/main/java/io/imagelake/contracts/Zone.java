package io.imagelake.contracts;

import java.util.Locale;

/** The lake's zones: raw bytes (bronze), normalized images (silver), curated data (gold). */
public enum Zone {
    BRONZE,
    SILVER,
    GOLD;

    /** The zone's name as it appears in JSON, URLs and the default bucket name. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
