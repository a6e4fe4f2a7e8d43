package io.imagelake.ingest.upload;

import io.imagelake.ingest.bronze.ImageMetadata;
import io.imagelake.ingest.bronze.MetadataParser;
import io.imagelake.support.errors.InvalidRequestException;
import io.imagelake.support.errors.LakeException;
import io.imagelake.support.tenant.Tenant;
import io.imagelake.support.web.LakeProblemHandler;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/images:batch}: several {@code file} parts and either no {@code metadata} part
 * or one per file, in the same order. Every file is accepted or refused on its own; the answer
 * lists each file's outcome (201 with the receipt, or its problem). With an Idempotency-Key, file
 * {@code i} uses the key {@code <key>#<i>}, so a retried batch replays file by file.
 */
@RestController
@Tag(name = "uploads")
public class BatchUploadController {

    private final UploadService uploads;
    private final MetadataParser metadataParser;
    private final UploadProperties properties;

    public BatchUploadController(UploadService uploads, MetadataParser metadataParser, UploadProperties properties) {
        this.uploads = uploads;
        this.metadataParser = metadataParser;
        this.properties = properties;
    }

    /** One file's outcome. */
    public record ItemResult(
            int index, String filename, int status, boolean replayed, UploadReceipt image, ProblemDetail problem) {}

    public record BatchResult(List<ItemResult> results) {}

    /** The multipart form as the API description shows it. */
    @Schema(name = "BatchUploadForm")
    record BatchForm(
            @ArraySchema(schema = @Schema(type = "string", format = "binary"), minItems = 1)
            List<String> file,

            List<ImageMetadata> metadata) {}

    @Operation(
            operationId = "uploadImages",
            summary = "Upload several images in one request",
            description =
                    "Parts `file` (one per image) and either no `metadata` part or one per file, in the same order. "
                            + "Each file is accepted or refused on its own; with an Idempotency-Key, file i uses the key `<key>#<i>`.",
            requestBody =
                    @RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                                            schema = @Schema(implementation = BatchForm.class))))
    @ApiResponse(responseCode = "200", description = "each file's outcome: 201 with its receipt, or its problem")
    @ApiResponse(responseCode = "413", description = "the request is over the size limit")
    @PostMapping(
            path = "/api/v1/images:batch",
            consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public BatchResult upload(
            Tenant tenant,
            @Parameter(hidden = true) HttpServletRequest request,
            @Parameter(description = "1-128 characters; file i uses <key>#<i>")
                    @RequestHeader(name = "Idempotency-Key", required = false)
                    String idempotencyKey)
            throws IOException, ServletException {
        List<Part> files = new ArrayList<>();
        List<Part> metadata = new ArrayList<>();
        for (Part part : request.getParts()) {
            switch (part.getName()) {
                case "file" -> files.add(part);
                case "metadata" -> metadata.add(part);
                default -> throw InvalidRequestException.of(part.getName(), "unknown part (expected file or metadata)");
            }
        }
        if (files.isEmpty() || files.size() > properties.maxBatchFiles()) {
            throw InvalidRequestException.of("file", "1-" + properties.maxBatchFiles() + " file parts are required");
        }
        if (!metadata.isEmpty() && metadata.size() != files.size()) {
            throw InvalidRequestException.of(
                    "metadata",
                    "either no metadata part or one per file (" + files.size() + "), got " + metadata.size());
        }
        List<ItemResult> results = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Part file = files.get(i);
            String instance = request.getRequestURI() + "#" + i;
            try {
                ImageMetadata parsed = metadata.isEmpty()
                        ? ImageMetadata.EMPTY
                        : metadataParser.parse(metadata.get(i).getInputStream().readAllBytes());
                UploadService.Outcome outcome = uploads.accept(new UploadService.Upload(
                        tenant,
                        file::getInputStream,
                        file.getSize(),
                        file.getContentType(),
                        parsed,
                        idempotencyKey == null ? null : idempotencyKey + "#" + i));
                results.add(new ItemResult(
                        i, file.getSubmittedFileName(), 201, outcome.replayed(), outcome.receipt(), null));
            } catch (LakeException e) {
                results.add(new ItemResult(
                        i,
                        file.getSubmittedFileName(),
                        LakeProblemHandler.statusOf(e.kind()).value(),
                        false,
                        null,
                        LakeProblemHandler.problemOf(e, instance)));
            }
        }
        return new BatchResult(results);
    }
}
