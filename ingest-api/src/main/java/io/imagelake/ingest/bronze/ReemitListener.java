package io.imagelake.ingest.bronze;

import io.imagelake.contracts.EventCodec;
import io.imagelake.contracts.ReemitRequested;
import io.imagelake.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** The catalog's requests to announce bronze objects again; failures retry, then go to the topic's DLQ. */
@Component
public class ReemitListener {

    private final BronzeReemitter reemitter;

    public ReemitListener(BronzeReemitter reemitter) {
        this.reemitter = reemitter;
    }

    @KafkaListener(
            id = "bronze-reemit",
            topics = Topics.REEMIT,
            groupId = "${lake.ingest.reconciler.reemit-group-id:ingest-api-reemit}")
    public void onRequest(ConsumerRecord<String, byte[]> record) {
        reemitter.reemit(EventCodec.decode(record.value(), ReemitRequested.class));
    }
}
