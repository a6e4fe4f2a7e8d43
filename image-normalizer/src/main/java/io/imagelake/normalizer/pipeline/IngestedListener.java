package io.imagelake.normalizer.pipeline;

import io.imagelake.contracts.EventCodec;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Consumes {@code ImageIngested}; failures go to the shared error handler (retries, then the DLQ). */
@Component
public class IngestedListener {

    private final NormalizationPipeline pipeline;

    public IngestedListener(NormalizationPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @KafkaListener(topics = Topics.INGESTED, concurrency = "${lake.normalizer.concurrency:2}")
    public void onIngested(ConsumerRecord<String, byte[]> record) throws Exception {
        pipeline.process(EventCodec.decode(record.value(), ImageIngested.class));
    }
}
