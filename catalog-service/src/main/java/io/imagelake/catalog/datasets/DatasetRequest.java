package io.imagelake.catalog.datasets;

import io.imagelake.catalog.images.ImageFilter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * {@code POST /api/v1/datasets}: a new version of the named dataset from the tenant's gold images
 * that match {@code filter}; {@code split} defaults to {@code lake.catalog.datasets.split}.
 */
public record DatasetRequest(
        @NotNull
        @Pattern(
                regexp = DatasetRequest.NAME,
                message = "lower-case letters, digits, '.', '_' or '-', 1-64 long, starting with a letter or digit")
        String name,

        ImageFilter filter,
        @Valid SplitRatios split) {

    public static final String NAME = "[a-z0-9][a-z0-9._-]{0,63}";
}
