package io.imagelake.catalog.images;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code lake.catalog.listing.*}: page sizes of listings and feeds. */
@Validated
@ConfigurationProperties("lake.catalog.listing")
public record ListingProperties(
        @DefaultValue("100") @Min(1) int defaultLimit,
        @DefaultValue("1000") @Min(1) int maxLimit) {}
