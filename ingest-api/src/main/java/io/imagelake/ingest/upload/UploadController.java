package io.imagelake.ingest.upload;

import io.imagelake.support.tenant.Tenant;
import io.imagelake.support.web.InvalidRequestException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.net.URI;

/** {@code POST /api/v1/images}: the mobile app's upload. */
@RestController
public class UploadController {

    private final UploadService uploads;
    private final MetadataParser metadataParser;
    private final UploadProperties properties;

    public UploadController(UploadService uploads, MetadataParser metadataParser, UploadProperties properties) {
        this.uploads = uploads;
        this.metadataParser = metadataParser;
        this.properties = properties;
    }

    @PostMapping(path = "/api/v1/images", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<UploadReceipt> upload(Tenant tenant,
                                                @RequestPart("file") MultipartFile file,
                                                // read through the converters: a part with or without a filename
                                                @RequestPart(name = "metadata", required = false) byte[] metadata,
                                                @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                                org.springframework.web.multipart.MultipartHttpServletRequest request) {
        if (request.getFiles("file").size() > 1) {
            // one image per request here; silently keeping one of several would lose the others
            throw InvalidRequestException.of("file", "exactly one file part; several go to POST /api/v1/images:batch");
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > properties.maxIdempotencyKeyLength())) {
            throw InvalidRequestException.of("Idempotency-Key", "must be 1-" + properties.maxIdempotencyKeyLength() + " characters");
        }
        ImageMetadata parsed = metadataParser.parse(metadata);
        UploadService.Outcome outcome = uploads.accept(new UploadService.Upload(tenant, file::getInputStream,
                file.getSize(), file.getContentType(), parsed, idempotencyKey));
        var response = ResponseEntity.created(URI.create("/api/v1/images/" + outcome.receipt().imageId()));
        if (outcome.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(outcome.receipt());
    }
}
