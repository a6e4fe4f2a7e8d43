package io.imagelake.normalizer.reprocessing;

import io.imagelake.support.errors.InvalidRequestException;
import io.imagelake.support.errors.NotFoundException;
import io.imagelake.support.tenant.Tenant;
import io.imagelake.support.web.TimeBounds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' reprocessing, under {@code /api/v1/admin/**} behind the {@code admin} scope (through
 * the gateway, like every operation): {@code POST} {@code {"tenant", "from"?, "to"?, "force"?}}
 * re-normalizes a tenant's originals with the configured pipeline version (those already at it only
 * when forced); {@code GET} reports every job's progress, or one's.
 */
@RestController
@Tag(name = "admin")
public class ReprocessingController {

    private static final Logger log = LoggerFactory.getLogger(ReprocessingController.class);
    private final ReprocessingJobs jobs;

    public ReprocessingController(ReprocessingJobs jobs) {
        this.jobs = jobs;
    }

    public record ReprocessingRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            String tenant,

            @Schema(description = "ISO date or instant, inclusive")
            String from,

            @Schema(description = "ISO date or instant, exclusive")
            String to,

            @Schema(description = "also the originals already at the configured pipeline version")
            Boolean force) {}

    @Operation(
            operationId = "startReprocessing",
            summary = "Re-normalize a tenant's originals with the configured pipeline version")
    @ApiResponse(
            responseCode = "202",
            description = "the job, queued",
            headers =
                    @Header(
                            name = "Location",
                            description = "/api/v1/admin/reprocessing/{id}",
                            schema = @Schema(type = "string")))
    @PostMapping("/api/v1/admin/reprocessing")
    public ResponseEntity<ReprocessingJob> start(Tenant caller, @RequestBody ReprocessingRequest request) {
        if (request == null || !Tenant.isValid(request.tenant())) {
            throw InvalidRequestException.of("tenant", "1-64 of [A-Za-z0-9._-]");
        }
        // the same bounds the catalog's listing accepts, checked before a job is queued
        if (request.from() != null) {
            TimeBounds.parse("from", request.from(), false);
        }
        if (request.to() != null) {
            TimeBounds.parse("to", request.to(), true);
        }
        ReprocessingJob job =
                jobs.start(request.tenant(), request.from(), request.to(), Boolean.TRUE.equals(request.force()));
        log.info("reprocessing job {} of tenant {} started by {}", job.id(), request.tenant(), caller.principal());
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/admin/reprocessing/" + job.id()))
                .body(job);
    }

    @Operation(
            operationId = "listReprocessingJobs",
            summary = "Every reprocessing job of every instance, with its progress")
    @ApiResponse(responseCode = "200", description = "the jobs")
    @GetMapping("/api/v1/admin/reprocessing")
    public List<ReprocessingJob> all(Tenant caller) {
        return jobs.all();
    }

    @Operation(operationId = "getReprocessingJob", summary = "One reprocessing job's progress")
    @ApiResponse(responseCode = "200", description = "the job")
    @ApiResponse(responseCode = "404", description = "no such job")
    @GetMapping("/api/v1/admin/reprocessing/{id}")
    public ReprocessingJob one(Tenant caller, @PathVariable String id) {
        return jobs.find(id).orElseThrow(() -> new NotFoundException("reprocessing job " + id));
    }
}
