package io.imagelake.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.ImagePromoted;
import io.imagelake.contracts.ObjectRef;
import io.imagelake.support.storage.StorageProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventReferencesTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EventReferences references =
            new EventReferences(new StorageProperties.Buckets("bronze", "silver", "gold"), meters);

    @Test
    void anObjectUnderTheEventsTenantInItsZonesBucketIsAccepted() {
        ImagePromoted own = promoted("acme", new ObjectRef("gold", "acme/images/i/v1.jpg"));

        assertThat(references.check(own)).isSameAs(own);
    }

    @Test
    void anotherTenantsObjectAnotherZonesBucketAndDotSegmentsAreForeign() {
        for (ObjectRef foreign : new ObjectRef[] {
            new ObjectRef("gold", "globex/images/i/v1.jpg"),
            new ObjectRef("silver", "acme/i/v1.jpg"),
            new ObjectRef("gold", "acme/../globex/images/i/v1.jpg"),
            new ObjectRef("gold", "acme"),
            new ObjectRef("gold", "acmeish/images/i/v1.jpg")
        }) {
            assertThatThrownBy(() -> references.check(promoted("acme", foreign)))
                    .as(foreign.toString())
                    .isInstanceOf(EventReferences.ForeignReferenceException.class);
        }
        assertThat(meters.counter("lake.kafka.events.refused", "reason", "foreign-reference", "type", "ImagePromoted")
                        .count())
                .isEqualTo(5);
    }

    private static ImagePromoted promoted(String tenant, ObjectRef gold) {
        return new ImagePromoted(ImageEvent.CURRENT_SCHEMA_VERSION, "e", "i", tenant, "v1", gold, Instant.now());
    }
}
