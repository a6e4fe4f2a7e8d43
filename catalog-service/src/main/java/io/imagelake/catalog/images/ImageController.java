package io.imagelake.catalog.images;

import io.imagelake.catalog.store.CatalogStore;
import io.imagelake.support.errors.NotFoundException;
import io.imagelake.support.tenant.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.bson.Document;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/images/{id}}: one image of the caller's tenant; anyone else's is a 404 (erasure: {@code
 * ErasureController}).
 */
@RestController
@Tag(name = "images")
public class ImageController {

    private final CatalogStore store;
    private final ImageViews views;

    public ImageController(CatalogStore store, ImageViews views) {
        this.store = store;
        this.views = views;
    }

    @Operation(
            operationId = "getImage",
            summary = "One image: its zones (with presigned URLs), caption, features and reasons")
    @ApiResponse(responseCode = "200", description = "the image")
    @ApiResponse(responseCode = "404", description = "no such image of this tenant")
    @GetMapping("/api/v1/images/{imageId}")
    public ImageView get(
            Tenant tenant,
            @PathVariable String imageId,
            @Parameter(
                            description = "lineage: add the image's lineage events",
                            schema = @Schema(allowableValues = "lineage"))
                    @RequestParam(name = "include", required = false)
                    String include) {
        Document doc =
                store.liveImage(tenant.id(), imageId).orElseThrow(() -> new NotFoundException("image " + imageId));
        return views.toView(doc, "lineage".equals(include));
    }
}
