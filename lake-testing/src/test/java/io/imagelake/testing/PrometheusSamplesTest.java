package io.imagelake.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusSamplesTest {

    private static final String PAGE = """
            # HELP lake_ingest_requests_total
            # TYPE lake_ingest_requests_total counter
            lake_ingest_requests_total{application="ingest-api",outcome="accepted",source="upload"} 3.0
            lake_ingest_requests_total{application="ingest-api",outcome="unsupported-image",source="upload"} 1.0
            lake_ingest_requests_total{application="ingest-api",outcome="accepted",source="stream"} 5.0
            lake_odd{detail="a \\"quoted\\", comma"} 2.5 1700000000000
            process_uptime_seconds 12.5
            lake_latency_seconds_bucket{le="+Inf"} 4
            """;

    private final PrometheusSamples samples = PrometheusSamples.parse(PAGE);

    @Test
    void aValueIsReadUnderItsLabelsAndSummedOverTheOthers() {
        assertThat(samples.sum("lake_ingest_requests_total", "source", "upload", "outcome", "accepted"))
                .isEqualTo(3.0);
        assertThat(samples.sum("lake_ingest_requests_total", "source", "upload"))
                .isEqualTo(4.0);
        assertThat(samples.sum("lake_ingest_requests_total")).isEqualTo(9.0);
        assertThat(samples.sum("lake_ingest_requests_total", "source", "import"))
                .as("never incremented")
                .isZero();
        assertThat(samples.has("lake_ingest_requests_total", "outcome", "unsupported-image"))
                .isTrue();
    }

    @Test
    void escapedLabelValuesTimestampsAndSamplesWithoutLabelsAreRead() {
        assertThat(samples.samples())
                .contains(
                        new PrometheusSamples.Sample("lake_odd", Map.of("detail", "a \"quoted\", comma"), 2.5),
                        new PrometheusSamples.Sample("process_uptime_seconds", Map.of(), 12.5));
        assertThat(samples.sum("lake_latency_seconds_bucket", "le", "+Inf")).isEqualTo(4.0);
    }
}
