package io.imagelake.support.security;

import io.imagelake.contracts.InternalTokenMinter;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The internal token minter, in a service configured with the shared signing key (the gateway; the normalizer). */
@AutoConfiguration
@ConditionalOnClass(name = "com.nimbusds.jose.crypto.RSASSASigner")
@ConditionalOnProperty(name = "lake.security.internal.signing-key-file")
@EnableConfigurationProperties(InternalTokenProperties.class)
public class InternalTokenMinterAutoConfiguration {

    @Bean
    InternalTokenMinter internalTokenMinter(InternalTokenProperties properties) {
        return InternalTokenMinter.fromPemFile(
                Path.of(properties.signingKeyFile()), properties.ttl(), Clock.systemUTC());
    }
}
