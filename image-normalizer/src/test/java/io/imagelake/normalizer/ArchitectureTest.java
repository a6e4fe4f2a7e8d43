package io.imagelake.normalizer;

import io.imagelake.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void featurePackagesFormNoCycleAndUseNoOtherService() {
        ArchitectureRules.verifyModule("io.imagelake.normalizer");
    }
}
