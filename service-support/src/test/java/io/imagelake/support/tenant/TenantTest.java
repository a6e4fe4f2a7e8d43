package io.imagelake.support.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TenantTest {

    @Test
    void theContractsAlphabetIsAccepted() {
        assertThat(Tenant.isValid("acme")).isTrue();
        assertThat(Tenant.isValid("acme.eu-west_2")).isTrue();
        assertThat(Tenant.isValid("a".repeat(64))).isTrue();
        assertThat(new Tenant("ACME-01").id()).isEqualTo("ACME-01");
    }

    @Test
    void aTenantNamedLikeOneOfTheLakesOwnPrefixesIsRefused() {
        assertThat(Tenant.isValid("_pending")).isFalse();
        assertThat(Tenant.isValid("_idempotency")).isFalse();
        assertThatThrownBy(() -> new Tenant("_phash")).isInstanceOf(MissingTenantException.class);
    }

    @Test
    void missingTooLongOrForeignCharactersAreRefused() {
        assertThat(Tenant.isValid(null)).isFalse();
        assertThat(Tenant.isValid("")).isFalse();
        assertThat(Tenant.isValid("a".repeat(65))).isFalse();
        assertThat(Tenant.isValid("acme/other")).isFalse();
        assertThat(Tenant.isValid("ácme")).isFalse();
    }

    @Test
    void dotsAloneArePathSegmentsNotTenants() {
        assertThat(Tenant.isValid(".")).isFalse();
        assertThat(Tenant.isValid("..")).isFalse();
        assertThat(Tenant.isValid("...")).isFalse();
        assertThatThrownBy(() -> new Tenant("..")).isInstanceOf(MissingTenantException.class);
        assertThat(Tenant.isValid(".acme")).isTrue();
        assertThat(Tenant.isValid("a..b")).isTrue();
    }
}
