package io.imagelake.support;

import io.imagelake.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void featurePackagesFormNoCycleAndUseNoOtherService() {
        ArchitectureRules.verifyModule("io.imagelake.support");
    }
}
