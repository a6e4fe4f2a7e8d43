package io.imagelake.ingest.imports;

import io.imagelake.support.errors.InvalidRequestException;
import io.imagelake.support.errors.NotFoundException;
import io.imagelake.support.tenant.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/imports}: {@code {"source": "s3://bucket/prefix"}} or a zip as the request body
 * ({@code application/zip}); answers 202 with the job. {@code GET /api/v1/imports/{id}}: progress.
 */
@RestController
@Tag(name = "imports")
public class ImportController {

    private final ImportJobStore jobs;
    private final ImportProperties properties;
    private final Clock clock;

    public ImportController(ImportJobStore jobs, ImportProperties properties, Clock clock) {
        this.clock = clock;
        this.jobs = jobs;
        this.properties = properties;
    }

    public record ImportRequest(String source) {}

    /** A job as clients see it. */
    public record ImportView(
            String jobId,
            String state,
            String source,
            Files files,
            long bytes,
            double filesPerSecond,
            Long etaSeconds,
            List<ImportJob.Failure> failures,
            String error,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt) {
        public record Files(Long total, long seen, long imported, long skipped, long failed) {}
    }

    // one operation in the description for both bodies (OpenAPI has one operation per path and method);
    // OpenAPI's RequestBody beside Spring's
    @SuppressWarnings("checkstyle:FullyQualifiedName")
    @Operation(
            operationId = "startImport",
            summary = "Import a tenant's images in bulk",
            description =
                    "From an allowed object-store prefix (`{\"source\": \"s3://bucket/prefix\"}`) or from a zip sent as the body.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = {
                                @Content(
                                        mediaType = MediaType.APPLICATION_JSON_VALUE,
                                        schema = @Schema(implementation = ImportRequest.class)),
                                @Content(
                                        mediaType = "application/zip",
                                        schema = @Schema(type = "string", format = "binary"))
                            }))
    @ApiResponse(
            responseCode = "202",
            description = "the job, queued",
            headers =
                    @Header(
                            name = "Location",
                            description = "/api/v1/imports/{jobId}",
                            schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "403", description = "the source is not one this tenant may import from")
    @ApiResponse(responseCode = "413", description = "the zip is over the size limit")
    @PostMapping(path = "/api/v1/imports", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ImportView> fromS3(
            Tenant tenant, @Parameter(hidden = true) @RequestBody ImportRequest request) {
        String source = request == null ? null : request.source();
        if (source == null || !source.startsWith("s3://") || source.length() <= "s3://".length()) {
            throw InvalidRequestException.of("source", "must be s3://bucket/prefix");
        }
        String path = source.substring("s3://".length());
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        String prefix = slash < 0 ? "" : path.substring(slash + 1);
        if (prefix.contains("..") || bucket.isBlank()) {
            throw InvalidRequestException.of("source", "must be s3://bucket/prefix");
        }
        String wanted = bucket + "/" + prefix;
        boolean allowed = properties.sourcesOf(tenant.id()).stream().anyMatch(root -> wanted.startsWith(root));
        if (!allowed) {
            throw new ImportSourceForbiddenException(source);
        }
        return accepted(ImportJob.queued(
                UUID.randomUUID().toString(), tenant.id(), ImportJob.Kind.S3, bucket, prefix, clock.instant()));
    }

    @Operation(hidden = true) // described with fromS3
    @PostMapping(
            path = "/api/v1/imports",
            consumes = {"application/zip", "application/x-zip-compressed"})
    public ResponseEntity<ImportView> fromZip(Tenant tenant, HttpServletRequest request) throws IOException {
        long limit = properties.maxZipBytes().toBytes();
        if (request.getContentLengthLong() > limit) {
            throw new ZipTooLargeException(properties.maxZipBytes().toString());
        }
        String jobId = UUID.randomUUID().toString();
        try (InputStream body = new LimitedInputStream(
                request.getInputStream(), limit, properties.maxZipBytes().toString())) {
            jobs.saveZip(tenant.id(), jobId, body, request.getContentLengthLong());
        }
        return accepted(ImportJob.queued(jobId, tenant.id(), ImportJob.Kind.ZIP, null, null, clock.instant()));
    }

    @Operation(operationId = "getImport", summary = "An import job's progress")
    @ApiResponse(responseCode = "200", description = "the job")
    @ApiResponse(responseCode = "404", description = "no such job of this tenant")
    @GetMapping(path = "/api/v1/imports/{jobId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ImportView get(Tenant tenant, @PathVariable String jobId) {
        return view(jobs.find(tenant.id(), jobId).orElseThrow(() -> new NotFoundException("import " + jobId)));
    }

    private ResponseEntity<ImportView> accepted(ImportJob job) {
        jobs.save(job);
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/imports/" + job.jobId()))
                .body(view(job));
    }

    private ImportView view(ImportJob job) {
        Instant now = clock.instant();
        String source = job.kind() == ImportJob.Kind.S3 ? "s3://" + job.bucket() + "/" + job.prefix() : "zip";
        return new ImportView(
                job.jobId(),
                job.state().name(),
                source,
                new ImportView.Files(
                        job.filesTotal(), job.filesSeen(), job.filesImported(), job.filesSkipped(), job.filesFailed()),
                job.bytes(),
                Math.round(job.rate(now) * 10) / 10.0,
                job.etaSeconds(now),
                job.failures(),
                job.error(),
                job.createdAt(),
                job.startedAt(),
                job.finishedAt());
    }

    /** Fails as soon as more than {@code limit} bytes are read: a zip without a length is still bounded. */
    private static final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        private final String description;
        private long read;

        LimitedInputStream(InputStream in, long limit, String description) {
            super(in);
            this.limit = limit;
            this.description = description;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++read > limit) {
                throw new ZipTooLargeException(description);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                read += n;
            }
            if (read > limit) {
                throw new ZipTooLargeException(description);
            }
            return n;
        }
    }
}
