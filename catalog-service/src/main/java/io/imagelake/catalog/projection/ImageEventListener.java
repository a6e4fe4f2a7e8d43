package io.imagelake.catalog.projection;

import io.imagelake.contracts.EventCodec;
import io.imagelake.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Every image event, whatever its topic, into the catalog. */
@Component
public class ImageEventListener {

    private final CatalogProjector projector;

    public ImageEventListener(CatalogProjector projector) {
        this.projector = projector;
    }

    @KafkaListener(topics = {Topics.INGESTED, Topics.NORMALIZED, Topics.REJECTED, Topics.PROMOTED})
    public void onEvent(ConsumerRecord<String, byte[]> record) {
        projector.apply(EventCodec.decode(record.topic(), record.value()));
    }
}
