package io.imagelake.support.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TransientRetryTest {

    private final TransientRetry retry = new TransientRetry(new StorageProperties.Retry(2, Duration.ofMillis(1), 2));
    private final AtomicInteger attempts = new AtomicInteger();

    @Test
    void aBrokenConnectionIsRetriedUntilTheCallSucceeds() throws Exception {
        String result = retry.call(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IOException("unexpected end of stream");
            }
            return "stored";
        });

        assertThat(result).isEqualTo("stored");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aServerErrorIsRetriedAndAClientErrorIsNot() {
        assertThat(TransientRetry.isTransient(new InvalidResponseException(500, null, "", "")))
                .isTrue();
        assertThat(TransientRetry.isTransient(new ServerException("slow down", 503, "")))
                .isTrue();
        assertThat(TransientRetry.isTransient(new ServerException("forbidden", 403, "")))
                .isFalse();
    }

    @Test
    void theLastFailureSurfacesOnceTheRetriesAreSpent() {
        assertThatThrownBy(() -> retry.call(() -> {
                    throw new IOException("attempt " + attempts.incrementAndGet());
                }))
                .isInstanceOf(IOException.class)
                .hasMessage("attempt 3");
    }

    @Test
    void aFailureThatIsNotTransientIsNotRepeated() {
        assertThatThrownBy(() -> retry.call(() -> {
                    attempts.incrementAndGet();
                    throw new IllegalArgumentException("bad key");
                }))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(attempts).hasValue(1);
    }
}
