package io.imagelake.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagelake.devstack.images.SyntheticImages;
import io.imagelake.ingest.bronze.MetadataParser;
import io.imagelake.testing.PropertiesBinding;
import jakarta.validation.Validation;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Which partner records become images, decided before any storage is touched. */
class StreamRecordParserTest {

    private static StreamRecordParser parser(Map<String, String> settings) {
        return new StreamRecordParser(
                PropertiesBinding.bind(StreamProperties.class, settings),
                new MetadataParser(
                        JsonMapper.builder().build(),
                        Validation.buildDefaultValidatorFactory().getValidator()));
    }

    private static ConsumerRecord<String, byte[]> record(String tenant, String recordId) {
        ConsumerRecord<String, byte[]> record =
                new ConsumerRecord<>("lake.images.incoming", 0, 0, recordId, SyntheticImages.png(5, 32, 32));
        record.headers().add("customer-id", tenant.getBytes(StandardCharsets.UTF_8));
        record.headers().add("source-record-id", recordId.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @Test
    void aPartnerLimitedToSomeTenantsCannotSendImagesOfAnother() {
        StreamRecordParser acmeOnly = parser(Map.of("tenants", "acme,initech"));

        assertThat(acmeOnly.parse(record("acme", "r1")).customerId()).isEqualTo("acme");
        assertThatThrownBy(() -> acmeOnly.parse(record("globex", "r2")))
                .isInstanceOfSatisfying(
                        InvalidStreamRecordException.class,
                        e -> assertThat(e.code()).isEqualTo("TENANT_NOT_ALLOWED"));
    }

    @Test
    void withoutATenantListEveryValidTenantIsTaken() {
        assertThat(parser(Map.of()).parse(record("globex", "r3")).customerId()).isEqualTo("globex");
    }
}
