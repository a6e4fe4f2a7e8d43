package io.imagelake.catalog.integrity;

import io.imagelake.support.errors.NotFoundException;
import io.imagelake.support.tenant.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' integrity check, under {@code /api/v1/admin/**} behind the {@code admin} scope:
 * {@code GET} the last check's report (404 before the first), {@code POST} to check now.
 */
@RestController
@Tag(name = "admin")
public class IntegrityController {

    private static final Logger log = LoggerFactory.getLogger(IntegrityController.class);
    private final IntegrityReconciler reconciler;

    public IntegrityController(IntegrityReconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Operation(
            operationId = "getIntegrityReport",
            summary = "The last integrity check's report: catalog against object store")
    @ApiResponse(responseCode = "200", description = "the report")
    @ApiResponse(responseCode = "404", description = "no check has run yet")
    @GetMapping("/api/v1/admin/integrity")
    public IntegrityReport last(Tenant caller) {
        return reconciler
                .lastReport()
                .orElseThrow(() -> new NotFoundException("integrity report (no check has run yet)"));
    }

    @Operation(operationId = "checkIntegrity", summary = "Check the catalog against the object store now")
    @ApiResponse(responseCode = "200", description = "the report")
    @PostMapping("/api/v1/admin/integrity")
    public IntegrityReport check(Tenant caller) throws Exception {
        log.info("integrity check requested by {}", caller.principal());
        return reconciler.check();
    }
}
