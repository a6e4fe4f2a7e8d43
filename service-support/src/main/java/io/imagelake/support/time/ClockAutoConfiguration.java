package io.imagelake.support.time;

import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The lake's one clock (UTC), injected wherever time decides something (leases, retention, grace
 * periods, expiry), so a test can move it instead of waiting for it.
 */
@AutoConfiguration
public class ClockAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public Clock lakeClock() {
        return Clock.systemUTC();
    }
}
