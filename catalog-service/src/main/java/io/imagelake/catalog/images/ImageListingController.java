package io.imagelake.catalog.images;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.imagelake.catalog.store.AllOf;
import io.imagelake.catalog.store.CatalogStore;
import io.imagelake.contracts.CatalogColumns;
import io.imagelake.support.tenant.Tenant;
import io.imagelake.support.web.PageSize;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/images}: the tenant's images, newest first, filtered (status, zone, time, tag,
 * caption word {@code q}, language; see {@link ImageFilter}), with keyset pagination
 * ({@code nextCursor}; absent on the last page). Keyset, not offsets: a page is as cheap at the end
 * as at the start, and images arriving meanwhile do not shift the pages already read.
 */
@RestController
@Tag(name = "images")
public class ImageListingController {

    private final CatalogStore store;
    private final ImageViews views;
    private final ListingProperties properties;

    public ImageListingController(CatalogStore store, ImageViews views, ListingProperties properties) {
        this.store = store;
        this.views = views;
        this.properties = properties;
    }

    public record Page(List<ImageView> items, String nextCursor) {}

    @Operation(
            operationId = "listImages",
            summary = "The tenant's images, newest first, filtered, in keyset pages",
            description = "Follow `nextCursor` (absent on the last page).")
    @ApiResponse(responseCode = "200", description = "one page")
    @GetMapping("/api/v1/images")
    public Page list(
            Tenant tenant,
            @Parameter(
                            schema =
                                    @Schema(
                                            allowableValues = {
                                                "RECEIVED",
                                                "NORMALIZED",
                                                "PROMOTED",
                                                "REJECTED",
                                                "DUPLICATE"
                                            }))
                    @RequestParam(required = false)
                    String status,
            @Parameter(
                            description = "images that reached the zone",
                            schema = @Schema(allowableValues = {"bronze", "silver", "gold"}))
                    @RequestParam(required = false)
                    String zone,
            @Parameter(description = "ISO date or instant, inclusive") @RequestParam(required = false) String from,
            @Parameter(description = "ISO date or instant, exclusive") @RequestParam(required = false) String to,
            @RequestParam(required = false) String tag,
            @Parameter(description = "a word of the normalized caption") @RequestParam(name = "q", required = false)
                    String keyword,
            @RequestParam(required = false) String language,
            @Parameter(description = "page size (default and maximum are configuration)")
                    @RequestParam(required = false)
                    Integer limit,
            @Parameter(description = "the previous page's nextCursor") @RequestParam(required = false) String cursor) {
        int pageSize = PageSize.of(limit, properties.defaultLimit(), properties.maxLimit());
        List<Bson> filters = new ArrayList<>();
        filters.add(new ImageFilter(status, zone, from, to, tag, keyword, language).toBson(tenant.id()));
        if (cursor != null) {
            ListingCursor after = ListingCursor.decode(cursor);
            Date at = Date.from(after.createdAt());
            filters.add(Filters.or(
                    Filters.lt(CatalogColumns.CREATED_AT, at),
                    AllOf.of(
                            Filters.eq(CatalogColumns.CREATED_AT, at),
                            Filters.lt(CatalogColumns.ID, after.imageId()))));
        }
        List<Document> docs = store.images()
                .find(AllOf.of(filters))
                .sort(Sorts.descending(CatalogColumns.CREATED_AT, CatalogColumns.ID))
                .limit(pageSize + 1)
                .into(new ArrayList<>());
        boolean more = docs.size() > pageSize;
        List<Document> page = more ? docs.subList(0, pageSize) : docs;
        String next = null;
        if (more) {
            Document last = page.getLast();
            next = new ListingCursor(
                            last.getDate(CatalogColumns.CREATED_AT).toInstant(), last.getString(CatalogColumns.ID))
                    .encode();
        }
        return new Page(page.stream().map(d -> views.toView(d, false)).toList(), next);
    }
}
