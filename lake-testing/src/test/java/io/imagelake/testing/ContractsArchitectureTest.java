package io.imagelake.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContractsArchitectureTest {

    @Test
    void contractsUseNoSpringAndNoService() {
        ArchitectureRules.verifyModule("io.imagelake.contracts");
        ArchitectureRules.contractsAreFreeOfSpring().check(ArchitectureRules.mainClassesOf("io.imagelake.contracts"));
    }

    @Test
    void theHarnessItselfHasNoPackageCycles() {
        ArchitectureRules.verifyModule("io.imagelake.devstack");
    }

    @Test
    void aRootPackageWithoutClassesFailsInsteadOfPassingOnNothing() {
        assertThat(ArchitectureRules.mainClassesOf("io.imagelake.nothing")).isEmpty();
        assertThatThrownBy(() -> ArchitectureRules.verifyModule("io.imagelake.nothing"))
                .hasMessageContaining("no classes");
    }
}
