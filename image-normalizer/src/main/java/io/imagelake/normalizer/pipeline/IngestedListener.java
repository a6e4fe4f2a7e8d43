package io.imagelake.normalizer.pipeline;

import io.imagelake.contracts.EventCodec;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.Topics;
import io.imagelake.support.kafka.EventReferences;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code ImageIngested}; failures go to the shared error handler (retries, then the DLQ; foreign references at
 * once). Each image's time from the lake receiving it to its silver verdict is the upload-to-silver SLO's metric,
 * {@code lake.normalizer.upload_to_silver} (reprocessing, which starts from old images, does not pass here).
 */
@Component
public class IngestedListener {

    private final NormalizationPipeline pipeline;
    private final EventReferences references;
    private final MeterRegistry meters;
    private final Clock clock;

    public IngestedListener(
            NormalizationPipeline pipeline, EventReferences references, MeterRegistry meters, Clock clock) {
        this.pipeline = pipeline;
        this.references = references;
        this.meters = meters;
        this.clock = clock;
    }

    @KafkaListener(topics = Topics.INGESTED, concurrency = "${lake.normalizer.concurrency:2}")
    public void onIngested(ConsumerRecord<String, byte[]> record) throws Exception {
        // a forged event must not make the normalizer read another tenant's original into this tenant's silver
        ImageIngested ingested = references.check(EventCodec.decode(record.value(), ImageIngested.class));
        pipeline.process(ingested);
        if (ingested.receivedAt() != null) {
            meters.timer("lake.normalizer.upload_to_silver")
                    .record(Duration.between(ingested.receivedAt(), clock.instant()));
        }
    }
}
