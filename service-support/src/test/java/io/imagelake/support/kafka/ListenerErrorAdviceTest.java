package io.imagelake.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.kafka.listener.MessageListener;

class ListenerErrorAdviceTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void anOutOfMemoryErrorOfAListenerReachesTheErrorHandlerAsAnExceptionAndIsCounted() {
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        MessageListener<String, byte[]> advised = advised(record -> {
            throw oom;
        });

        assertThatThrownBy(() -> advised.onMessage(new ConsumerRecord<>("t", 0, 0, "k", new byte[0])))
                .isInstanceOf(ListenerErrorAdvice.ListenerErrorException.class)
                .hasCause(oom);
        assertThat(meters.get("lake.kafka.listener.errors")
                        .tag("error", "OutOfMemoryError")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void exceptionsAndResultsPassUnchanged() {
        IllegalStateException failure = new IllegalStateException("storage unavailable");
        MessageListener<String, byte[]> advised = advised(record -> {
            throw failure;
        });

        assertThatThrownBy(() -> advised.onMessage(new ConsumerRecord<>("t", 0, 0, "k", new byte[0])))
                .isSameAs(failure);
        assertThat(meters.find("lake.kafka.listener.errors").counter()).isNull();
    }

    @SuppressWarnings("unchecked")
    private MessageListener<String, byte[]> advised(MessageListener<String, byte[]> listener) {
        ProxyFactory factory = new ProxyFactory(listener);
        factory.addInterface(MessageListener.class);
        factory.addAdvice(new ListenerErrorAdvice(meters));
        return (MessageListener<String, byte[]>) factory.getProxy();
    }
}
