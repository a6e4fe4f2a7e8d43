package io.imagelake.ingest.staged;

import io.imagelake.ingest.upload.UploadProperties;
import io.imagelake.support.errors.InvalidRequestException;
import io.imagelake.support.tenant.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/tus}: resumable uploads in tus 1.0 (https://tus.io/protocols/resumable-upload), the protocol of
 * TUSKit (iOS), tus-android-client and tus-js-client, with the extensions creation, creation-with-upload,
 * termination, checksum and expiration. Written here on the lake's storage ({@link StagingStore}) rather than taken
 * from tus-java-server, which keeps uploads on one machine's disk: an upload here resumes on any instance.
 */
@RestController
@RequestMapping(TusController.PATH)
@Tag(name = "uploads")
public class TusController {

    static final String PATH = "/api/v1/tus";

    private final StagedUploads tus;
    private final UploadProperties limits;

    public TusController(StagedUploads tus, UploadProperties limits) {
        this.tus = tus;
        this.limits = limits;
    }

    @Operation(operationId = "tusOptions", summary = "What this tus server speaks (tus 1.0 discovery)")
    @ApiResponse(responseCode = "204", description = "Tus-Version, Tus-Extension, Tus-Max-Size, Tus-Checksum-Algorithm")
    @RequestMapping(method = RequestMethod.OPTIONS)
    public ResponseEntity<Void> options() {
        return ResponseEntity.noContent()
                .header(TusHeaders.TUS_VERSION, TusHeaders.VERSION)
                .header(TusHeaders.EXTENSION, TusHeaders.EXTENSIONS)
                .header(TusHeaders.MAX_SIZE, Long.toString(limits.maxBytes().toBytes()))
                .header(TusHeaders.CHECKSUM_ALGORITHMS, TusHeaders.ALGORITHMS)
                .build();
    }

    @Operation(
            operationId = "tusCreate",
            summary = "Create a resumable upload (tus creation, creation-with-upload)",
            description = "Upload-Length: the file's size (at most the upload limit). Upload-Metadata: filename, "
                    + "filetype, and metadata (the JSON of POST /api/v1/images' metadata part), each base64. "
                    + "Optional Idempotency-Key, as for POST /api/v1/images. A body of type "
                    + "application/offset+octet-stream is the first chunk.")
    @ApiResponse(responseCode = "201", description = "Location: the upload's URL; Upload-Expires; Upload-Offset")
    @PostMapping
    public ResponseEntity<Void> create(
            Tenant tenant,
            @RequestHeader(name = TusHeaders.RESUMABLE, required = false) String resumable,
            @RequestHeader(name = TusHeaders.LENGTH, required = false) String length,
            @RequestHeader(name = TusHeaders.DEFER_LENGTH, required = false) String deferLength,
            @RequestHeader(name = TusHeaders.METADATA, required = false) String metadata,
            @RequestHeader(name = TusHeaders.CHECKSUM, required = false) String checksum,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @Parameter(hidden = true) HttpServletRequest request) {
        TusHeaders.requireVersion(resumable);
        if (deferLength != null) {
            throw InvalidRequestException.of(TusHeaders.DEFER_LENGTH, "not supported: declare Upload-Length");
        }
        StagedUpload upload =
                tus.createTus(tenant, number(TusHeaders.LENGTH, length), TusHeaders.metadata(metadata), idempotencyKey);
        var created = ResponseEntity.created(URI.create(PATH + "/" + upload.id()))
                .header(TusHeaders.EXPIRES, TusHeaders.httpDate(upload.expiresAt()));
        if (!TusHeaders.OFFSET_OCTET_STREAM.equals(request.getContentType())) {
            return created.build();
        }
        StagedUploads.Progress progress = tus.append(
                tenant,
                upload.id(),
                0,
                TusHeaders.Checksum.parse(checksum),
                body(request),
                request.getContentLengthLong());
        return created.headers(progressHeaders(progress)).build();
    }

    @Operation(operationId = "tusHead", summary = "Where to resume: the upload's offset (and its image once finished)")
    @ApiResponse(responseCode = "200", description = "Upload-Offset, Upload-Length, Upload-Expires, Image-Id")
    @RequestMapping(method = RequestMethod.HEAD, path = "/{id}")
    public ResponseEntity<Void> head(
            Tenant tenant,
            @PathVariable String id,
            @RequestHeader(name = TusHeaders.RESUMABLE, required = false) String resumable) {
        TusHeaders.requireVersion(resumable);
        StagedUploads.Progress progress = tus.progress(tenant, id);
        return ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header(TusHeaders.LENGTH, Long.toString(progress.upload().length()))
                .headers(progressHeaders(progress))
                .build();
    }

    @Operation(
            operationId = "tusPatch",
            summary = "Send the next chunk at Upload-Offset (tus core, checksum)",
            description = "The final chunk answers once the image is stored and announced, with its id in Image-Id.")
    @ApiResponse(responseCode = "204", description = "Upload-Offset: where the next chunk starts; Image-Id at the end")
    @ApiResponse(responseCode = "409", description = "Upload-Offset is not where the upload ends: HEAD and resume")
    @ApiResponse(responseCode = "460", description = "the chunk does not match Upload-Checksum; it was discarded")
    @PatchMapping(path = "/{id}", consumes = TusHeaders.OFFSET_OCTET_STREAM)
    public ResponseEntity<Void> patch(
            Tenant tenant,
            @PathVariable String id,
            @RequestHeader(name = TusHeaders.RESUMABLE, required = false) String resumable,
            @RequestHeader(name = TusHeaders.OFFSET, required = false) String offset,
            @RequestHeader(name = TusHeaders.CHECKSUM, required = false) String checksum,
            @Parameter(hidden = true) HttpServletRequest request) {
        TusHeaders.requireVersion(resumable);
        StagedUploads.Progress progress = tus.append(
                tenant,
                id,
                number(TusHeaders.OFFSET, offset),
                TusHeaders.Checksum.parse(checksum),
                body(request),
                request.getContentLengthLong());
        return ResponseEntity.noContent().headers(progressHeaders(progress)).build();
    }

    @Operation(operationId = "tusTerminate", summary = "Abandon an upload: its bytes are removed (tus termination)")
    @ApiResponse(responseCode = "204", description = "removed")
    @DeleteMapping("/{id}")
    public ResponseEntity<Void> terminate(
            Tenant tenant,
            @PathVariable String id,
            @RequestHeader(name = TusHeaders.RESUMABLE, required = false) String resumable) {
        TusHeaders.requireVersion(resumable);
        tus.terminate(tenant, id);
        return ResponseEntity.noContent().build();
    }

    private static HttpHeaders progressHeaders(StagedUploads.Progress progress) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(TusHeaders.OFFSET, Long.toString(progress.offset()));
        headers.set(TusHeaders.EXPIRES, TusHeaders.httpDate(progress.upload().expiresAt()));
        if (progress.upload().finished()) {
            headers.set(TusHeaders.IMAGE_ID, progress.upload().imageId());
        }
        return headers;
    }

    private static long number(String header, String value) {
        if (value == null) {
            throw InvalidRequestException.of(header, "required");
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw InvalidRequestException.of(header, "a non-negative integer");
        }
    }

    private static InputStream body(HttpServletRequest request) {
        try {
            return request.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
