package io.imagelake.catalog.retention;

import io.imagelake.support.tenant.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code DELETE /api/v1/images/{id}}: the tenant's erasure request; another tenant's image is a 404. */
@RestController
@Tag(name = "images")
public class ErasureController {

    private final ImageEraser eraser;

    public ErasureController(ImageEraser eraser) {
        this.eraser = eraser;
    }

    /** Gone from every zone and every read; audited. */
    @Operation(operationId = "eraseImage", summary = "Erase an image from every zone and every read (audited)")
    @ApiResponse(responseCode = "204", description = "erased (again: 204)")
    @ApiResponse(responseCode = "404", description = "no such image of this tenant")
    @DeleteMapping("/api/v1/images/{imageId}")
    public ResponseEntity<Void> erase(Tenant tenant, @PathVariable String imageId) {
        eraser.erase(tenant.id(), imageId, tenant.principal());
        return ResponseEntity.noContent().build();
    }
}
