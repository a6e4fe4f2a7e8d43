package io.imagelake.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.imagelake.ingest.bronze.MetadataParser;
import io.imagelake.support.errors.InvalidRequestException;
import io.imagelake.support.tenant.Tenant;
import io.imagelake.testing.PropertiesBinding;
import jakarta.validation.Validation;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.json.JsonMapper;

/**
 * The partner stream's records and the upload's metadata JSON, as a hostile producer or client could send them:
 * each becomes an image or a refusal with a code (a dead letter, a 400), never another exception, which would hold
 * the partition in retries or answer 500.
 */
class StreamRecordParserFuzzTest {

    private static final MetadataParser METADATA = new MetadataParser(
            JsonMapper.builder().build(),
            Validation.buildDefaultValidatorFactory().getValidator());
    private static final StreamRecordParser PARSER =
            new StreamRecordParser(PropertiesBinding.bind(StreamProperties.class, Map.of()), METADATA);

    @FuzzTest(maxDuration = "5s")
    void anyRecordIsAnImageOrARefusalWithACode(
            byte[] value,
            byte[] tenant,
            byte[] recordId,
            byte[] caption,
            byte[] tags,
            byte[] contentType,
            byte[] metadataJson) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("lake.images.incoming", 0, 0, null, value);
        header(record, "customer-id", tenant);
        header(record, "source-record-id", recordId);
        header(record, "caption", caption);
        header(record, "tags", tags);
        header(record, "content-type", contentType);
        try {
            StreamRecordParser.StreamImage image = PARSER.parse(record);
            assertThat(Tenant.isValid(image.customerId())).isTrue();
            assertThat(image.bytes()).isNotEmpty();
        } catch (InvalidStreamRecordException refused) {
            assertThat(refused.code()).isNotBlank();
        }
        try {
            METADATA.parse(metadataJson);
        } catch (InvalidRequestException refused) {
            assertThat(refused.errors()).isNotEmpty();
        }
    }

    private static void header(ConsumerRecord<String, byte[]> record, String name, byte[] value) {
        if (value != null) {
            record.headers().add(name, value);
        }
    }
}
