package io.imagelake.devstack.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AotLaunchTest {

    private final Path cache = Path.of("/lake/apps/gateway/1-2/gateway.aot");

    @Test
    void aServiceWithoutACacheTrainsOneThatItsExitWrites() {
        assertThat(AotLaunch.options(cache, false)).containsExactly("-XX:AOTCacheOutput=" + cache);
    }

    @Test
    void aServiceWithACacheMapsItAndTrainsNoMore() {
        assertThat(AotLaunch.options(cache, true)).containsExactly("-XX:AOTCache=" + cache);
    }
}
