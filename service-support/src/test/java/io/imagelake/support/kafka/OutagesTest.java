package io.imagelake.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.contracts.EventCodec;
import io.imagelake.support.storage.StorageUnavailableException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

class OutagesTest {

    @Test
    void anUnavailableServerAnywhereInTheCauseChainIsAnOutage() {
        assertThat(Outages.isOutage(new ListenerExecutionFailedException(
                        "listener failed",
                        new StorageUnavailableException(
                                "cannot read bronze", new ConnectException("Connection refused")))))
                .isTrue();
        assertThat(Outages.isOutage(new IllegalStateException(new SocketTimeoutException("read timed out"))))
                .isTrue();
        assertThat(Outages.isOutage(new TimeoutException("metadata"))).isTrue();
    }

    @Test
    void whatIsAboutTheRecordIsNoOutage() {
        assertThat(Outages.isOutage(new EventCodec.MalformedEventException("not JSON", null)))
                .isFalse();
        assertThat(Outages.isOutage(new EventReferences.ForeignReferenceException("globex's gold")))
                .isFalse();
        assertThat(Outages.isOutage(new IllegalArgumentException("a bug"))).isFalse();
    }
}
