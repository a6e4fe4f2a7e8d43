package io.imagelake.catalog.deadletters;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The dead-letter tooling talks to Kafka as this service's principal, with the service's own client settings. */
@Configuration
class DeadLetterQueueConfiguration {

    @Bean
    DeadLetterQueue deadLetterQueue(KafkaProperties kafka) {
        return new DeadLetterQueue(kafka.buildAdminProperties());
    }
}
