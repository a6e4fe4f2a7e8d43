package io.imagelake.catalog.images;

import io.imagelake.catalog.retention.ImageEraser;
import io.imagelake.catalog.store.CatalogStore;
import io.imagelake.support.tenant.Tenant;
import io.imagelake.support.web.NotFoundException;
import org.bson.Document;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET|DELETE /api/v1/images/{id}}: one image of the caller's tenant; anyone else's is a 404. */
@RestController
public class ImageController {

    private final CatalogStore store;
    private final ImageViews views;
    private final ImageEraser eraser;

    public ImageController(CatalogStore store, ImageViews views, ImageEraser eraser) {
        this.store = store;
        this.views = views;
        this.eraser = eraser;
    }

    /** The tenant's erasure request: gone from every zone and every read; audited. */
    @org.springframework.web.bind.annotation.DeleteMapping("/api/v1/images/{imageId}")
    public org.springframework.http.ResponseEntity<Void> erase(Tenant tenant, @PathVariable String imageId) {
        eraser.erase(tenant.id(), imageId, tenant.principal());
        return org.springframework.http.ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/images/{imageId}")
    public ImageView get(Tenant tenant, @PathVariable String imageId,
                         @RequestParam(name = "include", required = false) String include) {
        Document doc = store.liveImage(tenant.id(), imageId).orElseThrow(() -> new NotFoundException("image " + imageId));
        return views.toView(doc, "lineage".equals(include));
    }
}
