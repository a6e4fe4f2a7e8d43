package io.imagelake.catalog.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookTargetsTest {

    private final WebhookTargets production = new WebhookTargets(false);
    private final WebhookTargets local = new WebhookTargets(true);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:8080/hook",
                "http://localhost/hook",
                "http://[::1]/hook",
                "http://10.1.2.3/hook",
                "http://172.16.0.9/hook",
                "http://192.168.1.1/hook",
                "http://169.254.169.254/latest/meta-data",
                "http://100.64.0.1/hook",
                "http://0.0.0.0/hook",
                "http://[fd00::1]/hook",
                "http://[fe80::1]/hook",
                "http://[::ffff:127.0.0.1]/hook",
                "http://224.0.0.1/hook"
            })
    void anAddressInsideSomeoneElsesNetworkIsNeverCalled(String url) {
        assertThat(production.refusal(url))
                .hasValueSatisfying(why -> assertThat(why).contains("address"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://93.184.216.34/hook",
                "file:///etc/passwd",
                "gopher://93.184.216.34/",
                "http://user:password@93.184.216.34/hook",
                "http:///no-host",
                "not a url at all",
                "http://93.184.216.34/hook#fragment"
            })
    void onlyPlainHttpUrlsWithAHostAreCalled(String url) {
        assertThat(production.refusal(url)).isPresent();
        assertThat(local.refusal(url))
                .as("even where private addresses are allowed")
                .isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.216.34/hook", "http://[2606:2800:220:1::1]:8443/x?y=1"})
    void aPublicAddressIsCalled(String url) {
        assertThat(production.refusal(url)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hook", "http://10.1.2.3/hook"})
    void aLocalStackMayAllowPrivateAddresses(String url) {
        assertThat(local.refusal(url)).isEmpty();
    }
}
