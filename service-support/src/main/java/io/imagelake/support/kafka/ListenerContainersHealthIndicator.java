package io.imagelake.support.kafka;

import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Down when any Kafka listener container has stopped other than by request (an Error in the
 * listener, a fatal consumer failure, an authentication failure): the instance then consumes
 * nothing while it still answers HTTP, so it belongs in liveness as well as readiness, and an
 * orchestrator restarts it. spring-kafka tells us through {@link MessageListenerContainer#isInExpectedState()}.
 */
public class ListenerContainersHealthIndicator extends AbstractHealthIndicator {

    private final KafkaListenerEndpointRegistry registry;

    public ListenerContainersHealthIndicator(KafkaListenerEndpointRegistry registry) {
        super("listener container health check failed");
        this.registry = registry;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, String> states = new TreeMap<>();
        boolean allExpected = true;
        for (MessageListenerContainer container : registry.getListenerContainers()) {
            boolean expected = container.isInExpectedState();
            allExpected &= expected;
            states.put(
                    container.getListenerId(),
                    !expected
                            ? "stopped abnormally"
                            : container.isContainerPaused() ? "paused" : container.isRunning() ? "running" : "stopped");
        }
        (allExpected ? builder.up() : builder.down()).withDetail("containers", states);
    }
}
