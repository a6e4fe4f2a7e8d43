package io.imagelake.catalog.feed;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code lake.catalog.feed.*}. */
@Validated
@ConfigurationProperties("lake.catalog.feed")
public record FeedProperties(
        @DefaultValue("100") @Min(1) int defaultLimit,
        @DefaultValue("1000") @Min(1) int maxLimit,
        /*
         * a sequence number whose successor was written longer ago than this is taken as abandoned
         * (its writer lost a race or died): the feed steps over it instead of waiting forever
         */
        @DefaultValue("30s") @NotNull Duration gapGrace,
        /* entries of all tenants examined at most per request (the cursor still advances) */
        @DefaultValue("50000") @Min(1) int maxScan) {}
