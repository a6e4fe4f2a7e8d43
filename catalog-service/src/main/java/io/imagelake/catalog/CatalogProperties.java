package io.imagelake.catalog;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code lake.catalog.*}. */
@Validated
@ConfigurationProperties("lake.catalog")
public record CatalogProperties(
        /* the database; by default the one named in lake.mongo.uri */
        @DefaultValue("") String database,
        /* how long a presigned zone URL stays valid */
        @DefaultValue("15m") @NotNull Duration presignTtl,
        @DefaultValue("lake") @NotBlank String defaultDatabase) {}
