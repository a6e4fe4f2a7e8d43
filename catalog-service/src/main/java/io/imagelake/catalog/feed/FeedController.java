package io.imagelake.catalog.feed;

import io.imagelake.catalog.images.ImageView;
import io.imagelake.catalog.images.ImageViews;
import io.imagelake.catalog.store.FeedZone;
import io.imagelake.support.errors.InvalidRequestException;
import io.imagelake.support.tenant.Tenant;
import io.imagelake.support.web.PageSize;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/feed?zone=silver|gold&since=<cursor>&limit=}: the ML trainers' incremental
 * feed. Every image of the tenant that entered the zone after the cursor, each exactly once, in a
 * stable order; {@code nextCursor} is always given — follow it, and keep polling it, to miss
 * nothing while images keep arriving.
 */
@RestController
@Tag(name = "feed")
public class FeedController {

    private final FeedReader reader;
    private final ImageViews views;
    private final FeedProperties properties;
    private final MeterRegistry meters;

    public FeedController(FeedReader reader, ImageViews views, FeedProperties properties, MeterRegistry meters) {
        this.reader = reader;
        this.views = views;
        this.properties = properties;
        this.meters = meters;
    }

    public record FeedPage(List<ImageView> items, String nextCursor) {}

    @Operation(
            operationId = "readFeed",
            summary = "The trainers' incremental feed of a zone",
            description = "Every image that entered the zone after `since`, each exactly once, in a stable order. "
                    + "`nextCursor` is always given: keep following it to miss nothing.")
    @ApiResponse(responseCode = "200", description = "one page")
    @GetMapping("/api/v1/feed")
    public FeedPage feed(
            Tenant tenant,
            @Parameter(schema = @Schema(allowableValues = {"silver", "gold"})) @RequestParam(defaultValue = "silver")
                    String zone,
            @Parameter(description = "the previous page's nextCursor (absent: from the start)")
                    @RequestParam(required = false)
                    String since,
            @Parameter(description = "page size, at most 1000 (default 100)") @RequestParam(required = false)
                    Integer limit) {
        FeedZone feedZone = FeedZone.of(zone).orElseThrow(() -> InvalidRequestException.of("zone", "silver or gold"));
        int pageSize = PageSize.of(limit, properties.defaultLimit(), properties.maxLimit());
        long after = since == null ? 0 : decode(since, feedZone);
        FeedReader.Slice slice = reader.read(tenant.id(), feedZone, after, pageSize);
        meters.counter("lake.catalog.feed.requests", "zone", feedZone.id()).increment();
        meters.counter("lake.catalog.feed.items", "zone", feedZone.id())
                .increment(slice.images().size());
        return new FeedPage(
                slice.images().stream().map(d -> views.toView(d, false)).toList(), encode(feedZone, slice.position()));
    }

    /** Cursors name their zone: one zone's position is never used to read another. */
    static String encode(FeedZone zone, long position) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((zone.id() + ":" + position).getBytes(StandardCharsets.UTF_8));
    }

    static long decode(String cursor, FeedZone zone) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.startsWith(zone.id() + ":")) {
                throw new IllegalArgumentException("other zone");
            }
            long position = Long.parseLong(text.substring(zone.id().length() + 1));
            if (position < 0) {
                throw new IllegalArgumentException("negative");
            }
            return position;
        } catch (RuntimeException e) {
            throw InvalidRequestException.of("since", "not a cursor of the " + zone.id() + " feed");
        }
    }
}
