package io.imagelake.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

class ListenerContainersHealthIndicatorTest {

    @Test
    void aContainerThatStoppedAbnormallyMakesTheInstanceDown() {
        var health = indicator(container("normalizer-0", true, true), container("normalizer-1", false, false))
                .health(true);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("containers"))
                .isEqualTo(Map.of("normalizer-0", "running", "normalizer-1", "stopped abnormally"));
    }

    @Test
    void runningAndDeliberatelyStoppedContainersAreUp() {
        var health = indicator(container("a", true, true), container("b", true, false))
                .health(true);

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails().get("containers")).isEqualTo(Map.of("a", "running", "b", "stopped"));
    }

    private static ListenerContainersHealthIndicator indicator(MessageListenerContainer... containers) {
        KafkaListenerEndpointRegistry registry = mock(KafkaListenerEndpointRegistry.class);
        when(registry.getListenerContainers()).thenReturn(List.of(containers));
        return new ListenerContainersHealthIndicator(registry);
    }

    private static MessageListenerContainer container(String id, boolean expected, boolean running) {
        MessageListenerContainer container = mock(MessageListenerContainer.class);
        when(container.getListenerId()).thenReturn(id);
        when(container.isInExpectedState()).thenReturn(expected);
        when(container.isRunning()).thenReturn(running);
        return container;
    }
}
