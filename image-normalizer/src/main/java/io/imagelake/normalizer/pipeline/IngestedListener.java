package io.imagelake.normalizer.pipeline;

import io.imagelake.contracts.EventCodec;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.Topics;
import io.imagelake.support.kafka.EventReferences;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code ImageIngested}; failures go to the shared error handler (retries, then the DLQ; foreign references at
 * once).
 */
@Component
public class IngestedListener {

    private final NormalizationPipeline pipeline;
    private final EventReferences references;

    public IngestedListener(NormalizationPipeline pipeline, EventReferences references) {
        this.pipeline = pipeline;
        this.references = references;
    }

    @KafkaListener(topics = Topics.INGESTED, concurrency = "${lake.normalizer.concurrency:2}")
    public void onIngested(ConsumerRecord<String, byte[]> record) throws Exception {
        // a forged event must not make the normalizer read another tenant's original into this tenant's silver
        pipeline.process(references.check(EventCodec.decode(record.value(), ImageIngested.class)));
    }
}
