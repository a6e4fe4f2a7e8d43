package io.imagelake.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StackTest {

    /**
     * The launcher runs from a nested jar: its context class loader is the only one that sees the JDBC drivers, and
     * DriverManager finds drivers through the calling thread's (./lake up's health checks of PostgreSQL and Trino).
     */
    @Test
    void aPartStartedBesideTheOthersSeesTheLaunchersContextClassLoader() throws Exception {
        Thread caller = Thread.currentThread();
        ClassLoader before = caller.getContextClassLoader();
        try (URLClassLoader launcher = new URLClassLoader(new URL[0], before)) {
            caller.setContextClassLoader(launcher);
            AtomicReference<ClassLoader> seen = new AtomicReference<>();

            Stack.beside(() -> seen.set(Thread.currentThread().getContextClassLoader()))
                    .join();

            assertThat(seen.get()).isSameAs(launcher);
        } finally {
            caller.setContextClassLoader(before);
        }
    }
}
