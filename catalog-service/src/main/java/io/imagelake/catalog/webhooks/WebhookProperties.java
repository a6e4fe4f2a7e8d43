package io.imagelake.catalog.webhooks;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code lake.catalog.webhooks.*}: tenants' webhooks, their deliveries and what they may call. */
@Validated
@ConfigurationProperties("lake.catalog.webhooks")
public record WebhookProperties(
        /* every webhook's signing secret derives from it (HMAC of the webhook's id), so none is stored; production
        sets its own (LAKE_CATALOG_WEBHOOKS_SIGNING_KEY), and changing it rotates every secret */
        @DefaultValue("local-only-webhook-signing-key") @NotBlank
        String signingKey,
        /* deliver to loopback, private and link-local addresses too (a local stack, tests); never in production */
        @DefaultValue("false") boolean allowPrivateTargets,
        /* webhooks one tenant may register */
        @DefaultValue("20") @Min(1) int maxPerTenant,
        /* how often each replica looks for due deliveries */
        @DefaultValue("1s") @NotNull Duration pollInterval,
        /* deliveries one replica sends per poll, at most */
        @DefaultValue("50") @Min(1) int batch,
        /* a claimed delivery is another replica's to take once this passes without an outcome */
        @DefaultValue("1m") @NotNull Duration lease,
        @DefaultValue("5s") @NotNull Duration connectTimeout,
        /* a receiver that has not answered in this long has failed this attempt */
        @DefaultValue("10s") @NotNull Duration timeout,
        /* the wait after the first failure, doubled after each next one ... */
        @DefaultValue("30s") @NotNull Duration firstRetry,
        /* ... up to this */
        @DefaultValue("1h") @NotNull Duration maxBackoff,
        /* a delivery still failing this long after its event is given up (FAILED) */
        @DefaultValue("24h") @NotNull Duration giveUpAfter,
        /* how long the delivery log keeps a delivery that is done (delivered, failed or cancelled), from its event */
        @DefaultValue("30d") @NotNull Duration logRetention,
        /* how often one replica removes the deliveries past log-retention */
        @DefaultValue("1h") @NotNull Duration pruneInterval) {}
