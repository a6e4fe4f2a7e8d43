package io.imagelake.ingest.stream;

import io.imagelake.ingest.bronze.ImageMetadata;
import io.imagelake.ingest.bronze.MetadataParser;
import io.imagelake.ingest.bronze.OriginalMetadata;
import io.imagelake.ingest.format.ImageFormat;
import io.imagelake.support.errors.InvalidRequestException;
import io.imagelake.support.tenant.Tenant;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.stereotype.Component;

/** Reads a stream record as the contract defines it; anything off is an {@link InvalidStreamRecordException}. */
@Component
public class StreamRecordParser {

    private final StreamProperties properties;
    private final MetadataParser metadata;

    public StreamRecordParser(StreamProperties properties, MetadataParser metadata) {
        this.properties = properties;
        this.metadata = metadata;
    }

    /** A valid record. */
    public record StreamImage(
            String customerId,
            String sourceRecordId,
            byte[] bytes,
            ImageFormat format,
            String declaredContentType,
            ImageMetadata metadata) {}

    public StreamImage parse(ConsumerRecord<String, byte[]> record) {
        String tenant = header(record, "customer-id");
        if (!Tenant.isValid(tenant)) {
            throw new InvalidStreamRecordException("UNKNOWN_TENANT", "header customer-id is missing or malformed");
        }
        if (!properties.allows(tenant)) {
            // a partner is trusted for its own customers only, however well-formed the record
            throw new InvalidStreamRecordException(
                    "TENANT_NOT_ALLOWED", "the partner stream does not carry images of tenant " + tenant);
        }
        String sourceRecordId = header(record, "source-record-id");
        if (sourceRecordId == null
                || sourceRecordId.isBlank()
                || sourceRecordId.length() > properties.maxSourceRecordIdLength()) {
            throw new InvalidStreamRecordException(
                    "MISSING_SOURCE_RECORD_ID",
                    "header source-record-id is required (1-" + properties.maxSourceRecordIdLength() + " chars)");
        }
        byte[] bytes = record.value();
        if (bytes == null || bytes.length == 0) {
            throw new InvalidStreamRecordException("EMPTY", "the record has no image bytes");
        }
        if (bytes.length > properties.maxBytes().toBytes()) {
            throw new InvalidStreamRecordException(
                    "TOO_LARGE", bytes.length + " bytes exceed " + properties.maxBytes());
        }
        ImageFormat format = ImageFormat.detect(bytes)
                .orElseThrow(() -> new InvalidStreamRecordException(
                        "UNSUPPORTED_FORMAT", "the bytes are not an image of a supported format"));
        String tags = header(record, "tags");
        ImageMetadata parsed = new ImageMetadata(
                header(record, "caption"),
                tags == null
                        ? List.of()
                        : Arrays.stream(tags.split(","))
                                .map(String::strip)
                                .filter(t -> !t.isEmpty())
                                .toList(),
                null,
                null,
                Map.of());
        try {
            metadata.validate(parsed);
        } catch (InvalidRequestException e) {
            throw new InvalidStreamRecordException(
                    "INVALID_METADATA", e.errors().toString());
        }
        String contentType = header(record, "content-type");
        if (!OriginalMetadata.storable(contentType)) {
            throw new InvalidStreamRecordException(
                    "INVALID_CONTENT_TYPE",
                    "header content-type must be printable ASCII of at most "
                            + OriginalMetadata.MAX_DECLARED_CONTENT_TYPE + " characters");
        }
        return new StreamImage(tenant, sourceRecordId, bytes, format, contentType, parsed);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
