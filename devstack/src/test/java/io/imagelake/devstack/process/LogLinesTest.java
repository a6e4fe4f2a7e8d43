package io.imagelake.devstack.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogLinesTest {

    @Test
    void anEcsLineShowsTimeLevelServiceImageTraceAndMessage() {
        String line = "{\"@timestamp\":\"2026-12-02T05:30:00.123Z\",\"log\":{\"level\":\"INFO\",\"logger\":\"x\"},"
                + "\"service\":{\"name\":\"ingest-api\"},\"message\":\"stored in bronze\",\"tenant\":\"acme\","
                + "\"imageId\":\"img-1\",\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"ecs\":{\"version\":\"8.11\"}}";

        assertThat(LogLines.pretty(line))
                .isEqualTo("2026-12-02T05:30:00.123Z INFO  [ingest-api] tenant=acme imageId=img-1 "
                        + "traceId=4bf92f3577b34da6a3ce929d0e0e4736  stored in bronze");
    }

    @Test
    void flatDottedNamesAndStackTracesAreReadToo() {
        String line = "{\"@timestamp\":\"t\",\"log.level\":\"ERROR\",\"service.name\":\"catalog-service\","
                + "\"message\":\"boom\",\"error.stack_trace\":\"java.lang.IllegalStateException: boom\"}";

        assertThat(LogLines.pretty(line))
                .isEqualTo("t ERROR [catalog-service]  boom\njava.lang.IllegalStateException: boom");
    }

    @Test
    void plainAndBrokenLinesStayAsTheyAre() {
        assertThat(LogLines.pretty("[2026-12-02 05:30:00] kafka started"))
                .isEqualTo("[2026-12-02 05:30:00] kafka started");
        assertThat(LogLines.pretty("{not json")).isEqualTo("{not json");
    }
}
