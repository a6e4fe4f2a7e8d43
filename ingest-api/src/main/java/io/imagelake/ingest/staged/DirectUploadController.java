package io.imagelake.ingest.staged;

import io.imagelake.ingest.upload.UploadReceipt;
import io.imagelake.support.tenant.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.net.URI;
import java.time.Instant;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/uploads}: direct-to-storage uploads, as Cloudinary's signed uploads and S3 presigned POSTs do. The
 * client declares the file, PUTs its bytes to the presigned URL it gets (they cross neither the gateway nor
 * ingest-api), then completes: the lake checks the object against the declaration and ingests it like any upload.
 */
@RestController
@Tag(name = "uploads")
public class DirectUploadController {

    static final String PATH = "/api/v1/uploads";

    private final StagedUploads staged;

    public DirectUploadController(StagedUploads staged) {
        this.staged = staged;
    }

    /** What the client declares: checked against the object at completion. */
    @Schema(name = "DirectUploadRequest")
    public record DirectUploadRequest(
            @Schema(description = "the file's size in bytes, at most the upload limit") @NotNull @PositiveOrZero
            Long size,

            @Schema(description = "the file's SHA-256, hexadecimal") @NotBlank
            String sha256,

            @Schema(description = "the image type the bytes must be, e.g. image/jpeg (optional)")
            String contentType,

            String filename,

            @Schema(
                    description = "as the metadata part of POST /api/v1/images: {caption, tags, capturedAt, device,"
                            + " attributes}")
            JsonNode metadata) {}

    /** Where and how to send the bytes. */
    @Schema(name = "DirectUpload")
    public record DirectUploadAnswer(
            String uploadId,
            String method,
            String url,
            Instant urlExpiresAt,
            String completeUrl,
            long size,
            Instant expiresAt) {}

    @Operation(
            operationId = "createDirectUpload",
            summary = "Open a direct upload: a presigned PUT for the bytes",
            description = "PUT the file's bytes to `url` (the object store's public address) before `urlExpiresAt`, "
                    + "then POST `completeUrl`. An Idempotency-Key works as for POST /api/v1/images.")
    @ApiResponse(responseCode = "201", description = "the URL to PUT to")
    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<DirectUploadAnswer> create(
            Tenant tenant,
            @Valid @RequestBody DirectUploadRequest request,
            @Parameter(description = "1-128 characters; as for POST /api/v1/images")
                    @RequestHeader(name = "Idempotency-Key", required = false)
                    String idempotencyKey) {
        StagedUploads.DirectUpload direct = staged.createDirect(
                tenant,
                new StagedUploads.Declared(
                        request.size(),
                        request.filename(),
                        request.contentType(),
                        request.metadata() == null || request.metadata().isNull()
                                ? null
                                : request.metadata().toString(),
                        request.sha256(),
                        idempotencyKey));
        String id = direct.upload().id();
        return ResponseEntity.created(URI.create(PATH + "/" + id))
                .body(new DirectUploadAnswer(
                        id,
                        "PUT",
                        direct.url(),
                        direct.urlExpiresAt(),
                        PATH + "/" + id + "/complete",
                        direct.upload().length(),
                        direct.upload().expiresAt()));
    }

    @Operation(
            operationId = "completeDirectUpload",
            summary = "Complete a direct upload: check the object and ingest it",
            description = "Answers as POST /api/v1/images once the image is stored in bronze and announced. The object "
                    + "must have the declared size and SHA-256 and be an image of the declared type; otherwise 400 "
                    + "(upload-mismatch, checksum-mismatch) or 415, and the upload is removed.")
    @ApiResponse(responseCode = "201", description = "stored, and its event acknowledged")
    @ApiResponse(responseCode = "409", description = "nothing was PUT to the URL yet")
    @PostMapping(path = PATH + "/{id}/complete", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<UploadReceipt> complete(Tenant tenant, @PathVariable String id) {
        UploadReceipt receipt = staged.complete(tenant, id).upload().receipt();
        return ResponseEntity.created(URI.create("/api/v1/images/" + receipt.imageId()))
                .body(receipt);
    }
}
