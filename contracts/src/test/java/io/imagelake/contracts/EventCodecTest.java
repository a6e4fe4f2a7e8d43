package io.imagelake.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:15:30.123Z");

    @Test
    void anIngestedEventSurvivesTheRoundTrip() {
        var event = new ImageIngested(
                1,
                "e-1",
                "img-1",
                "acme",
                Source.UPLOAD,
                new ObjectRef("bronze", "acme/2026/11/21/img-1"),
                1234,
                "ab".repeat(32),
                "jpeg",
                "image/jpeg",
                "image/png",
                "Phở bò",
                List.of("food"),
                NOW,
                "pixel",
                Map.of("k", "v"),
                NOW,
                NOW);

        ImageIngested decoded =
                EventCodec.decode(Topics.INGESTED, EventCodec.encode(event)) instanceof ImageIngested i ? i : null;

        assertThat(decoded).isEqualTo(event);
    }

    @Test
    void instantsAreWrittenAsIsoStrings() {
        var event = new ImagePromoted(1, "e", "i", "c", "v1", new ObjectRef("gold", "k"), NOW);

        assertThat(new String(EventCodec.encode(event), StandardCharsets.UTF_8))
                .contains("\"2026-11-21T10:15:30.123Z\"");
    }

    @Test
    void readersIgnoreFieldsTheyDoNotKnow() {
        String json = """
                {"schemaVersion":2,"eventId":"e","imageId":"i","customerId":"c","pipelineVersion":"v9",
                 "gold":{"bucket":"gold","key":"k","etag":"new"},"occurredAt":"2026-11-21T10:15:30Z","brandNew":true}""";

        ImagePromoted event = EventCodec.decode(json.getBytes(StandardCharsets.UTF_8), ImagePromoted.class);

        assertThat(event.schemaVersion()).isEqualTo(2);
        assertThat(event.gold().key()).isEqualTo("k");
    }

    @Test
    void aRejectionWithoutStatusMeansRejected() {
        String json = """
                {"schemaVersion":1,"eventId":"e","imageId":"i","customerId":"c",
                 "reasons":[{"code":"CORRUPT","detail":"x"}]}""";

        ImageRejected event = EventCodec.decode(json.getBytes(StandardCharsets.UTF_8), ImageRejected.class);

        assertThat(event.status()).isEqualTo(ImageStatus.REJECTED);
        assertThat(event.reasons()).containsExactly(new Reason("CORRUPT", "x"));
    }

    @Test
    void malformedJsonIsAPoisonMessageNotACrash() {
        assertThatThrownBy(() -> EventCodec.decode(Topics.NORMALIZED, "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventCodec.MalformedEventException.class);
        assertThatThrownBy(() -> EventCodec.decode("some.other.topic", "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventCodec.MalformedEventException.class);
    }
}
