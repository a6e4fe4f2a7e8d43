package io.imagelake.ingest.upload;

import io.imagelake.ingest.bronze.ImageMetadata;
import io.imagelake.ingest.bronze.MetadataParser;
import io.imagelake.support.errors.InvalidRequestException;
import io.imagelake.support.tenant.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Encoding;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/** {@code POST /api/v1/images}: the mobile app's upload. */
@RestController
@Tag(name = "uploads")
public class UploadController {

    private final UploadService uploads;
    private final MetadataParser metadataParser;
    private final UploadProperties properties;

    public UploadController(UploadService uploads, MetadataParser metadataParser, UploadProperties properties) {
        this.uploads = uploads;
        this.metadataParser = metadataParser;
        this.properties = properties;
    }

    @Operation(
            operationId = "uploadImage",
            summary = "Upload one image",
            description = "Part `file`: the image (its format is read from the bytes). Optional part `metadata`: JSON "
                    + "{caption, tags, capturedAt, device, attributes}.",
            requestBody =
                    @RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                                            schema = @Schema(implementation = UploadForm.class),
                                            encoding =
                                                    @Encoding(
                                                            name = "metadata",
                                                            contentType = MediaType.APPLICATION_JSON_VALUE))))
    @ApiResponse(
            responseCode = "201",
            description = "stored, and its event acknowledged",
            headers = {
                @Header(name = "Location", description = "/api/v1/images/{imageId}", schema = @Schema(type = "string")),
                @Header(
                        name = "Idempotent-Replayed",
                        description = "true when this is the answer to an earlier request with the key",
                        schema = @Schema(type = "string"))
            })
    @ApiResponse(responseCode = "409", description = "the Idempotency-Key was used with other bytes")
    @ApiResponse(responseCode = "413", description = "over the size limit")
    @ApiResponse(responseCode = "415", description = "not an image, or a format not supported")
    @PostMapping(
            path = "/api/v1/images",
            consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<UploadReceipt> upload(
            Tenant tenant,
            @Parameter(hidden = true) @RequestPart("file") MultipartFile file,
            // read through the converters: a part with or without a filename
            @Parameter(hidden = true) @RequestPart(name = "metadata", required = false) byte[] metadata,
            @Parameter(description = "1-128 characters; the same key with the same bytes replays the first answer")
                    @RequestHeader(name = "Idempotency-Key", required = false)
                    String idempotencyKey,
            @Parameter(hidden = true) MultipartHttpServletRequest request) {
        if (request.getFiles("file").size() > 1) {
            // one image per request here; silently keeping one of several would lose the others
            throw InvalidRequestException.of("file", "exactly one file part; several go to POST /api/v1/images:batch");
        }
        properties.checkIdempotencyKey(idempotencyKey);
        ImageMetadata parsed = metadataParser.parse(metadata);
        UploadService.Outcome outcome = uploads.accept(new UploadService.Upload(
                tenant, file::getInputStream, file.getSize(), file.getContentType(), parsed, idempotencyKey));
        var response = ResponseEntity.created(
                URI.create("/api/v1/images/" + outcome.receipt().imageId()));
        if (outcome.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(outcome.receipt());
    }

    /** The multipart form as the API description shows it. */
    @Schema(name = "UploadForm")
    record UploadForm(
            @Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED)
            String file,

            @Schema(implementation = ImageMetadata.class) Object metadata) {}
}
