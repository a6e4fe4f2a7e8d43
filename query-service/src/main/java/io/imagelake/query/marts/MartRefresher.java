package io.imagelake.query.marts;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Keeps the gold marts in step with the catalog, incrementally: each refresh reads the catalog
 * documents changed since the last watermark (minus a lookback) and applies one keyed {@code MERGE}
 * per mart, so an image's row is upserted as it moves through the zones and deleted when it is
 * erased. The marts that only some changes touch (rejections, dataset holds and versions) are
 * merged only when one statement counts something for them to apply. Trino's own machinery does
 * the work; this class only orders it and keeps the watermark.
 *
 * <p>Replicas may refresh at the same time: each MERGE is one Iceberg commit, which fails rather
 * than overwrite a concurrent one, and re-applying a change is harmless, so the loser retries on
 * its next round.
 */
@Component
public class MartRefresher implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(MartRefresher.class);
    private static final LocalDateTime BEGINNING = LocalDateTime.of(1970, 1, 1, 0, 0);
    /** One refresh's changed catalog documents: {@code refresh_changes_<uuid>}, dropped when it ends. */
    static final String CHANGES_PREFIX = "iceberg.marts.refresh_changes_";

    private final JdbcTemplate jdbc;
    private final MartsProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private final AtomicLong lastRefreshedEpochSecond = new AtomicLong();
    private volatile boolean tablesReady;
    /**
     * The watermark of this instance's last refresh, so that only its first reads the refresh log: each statement costs
     * Trino about a second of CPU whatever it reads (docs/benchmarks.md). A replica's newer watermark is not seen, so
     * this one reads further back than it needs to, which is harmless (the MERGEs are keyed).
     */
    private volatile LocalDateTime lastWatermark;

    private volatile boolean watermarkKnown;

    /**
     * A checksum of the (id, changed_at) pairs the last refresh applied that the next one reads again (those changed
     * after its watermark minus the lookback); null until a refresh succeeds. A next read with the same checksum holds
     * nothing new, not even a late commit, and merges nothing.
     */
    private volatile byte[] appliedKey;

    public MartRefresher(DataSource dataSource, MartsProperties properties, MeterRegistry meters, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
        // at zero from the start, so an alert's increase() sees the first failure
        meters.counter("lake.marts.refresh.failures");
        meters.gauge(
                "lake.marts.freshness.seconds",
                lastRefreshedEpochSecond,
                last -> last.get() == 0 ? Double.NaN : clock.instant().getEpochSecond() - last.get());
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!properties.enabled()) {
            return;
        }
        Duration every = properties.refreshInterval();
        registrar.addFixedDelayTask(new FixedDelayTask(this::refresh, every, every));
        Duration maintenance = properties.maintenanceInterval();
        registrar.addFixedDelayTask(new FixedDelayTask(this::maintain, maintenance, maintenance));
    }

    /** One scheduled refresh; a failure (Trino, the catalog or the object store away) is counted and retried. */
    public void refresh() {
        try {
            refreshOnce();
        } catch (RuntimeException e) {
            meters.counter("lake.marts.refresh.failures").increment();
            log.warn("mart refresh failed (the next one retries): {}", e.toString());
        }
    }

    /** Creates the tables if needed, then brings every mart up to the catalog as it is now. */
    public Refresh refreshOnce() {
        long t0 = System.nanoTime();
        ensureTables();
        if (!watermarkKnown) {
            lastWatermark = readLastWatermark().orElse(null);
            watermarkKnown = true;
        }
        LocalDateTime since = lastWatermark == null ? BEGINNING : lastWatermark.minus(properties.lookback());
        // the watermark is when this read starts: a change it misses commits after, stamped no earlier than this
        // minus the lookback (commit delay, clock skew), so the next refresh reads from there. Not the newest change
        // read: after a burst and a quiet spell that would re-read the burst on every refresh.
        LocalDateTime watermark = now();
        // this refresh's own table: a replica refreshing at the same time reads and drops its own
        String changes = CHANGES_PREFIX + UUID.randomUUID().toString().replace("-", "");
        try {
            Timer.Sample sample = Timer.start(meters);
            // Trino answers CREATE TABLE AS with the rows it wrote
            long changed = jdbc.update(MartModels.changes(changes, since));
            if (changed == 0) {
                // nothing to apply, nothing logged: no empty commits (each is a snapshot kept for 7 days)
                lastRefreshedEpochSecond.set(clock.instant().getEpochSecond());
                return new Refresh(null, 0, Duration.ofNanos(System.nanoTime() - t0), List.of());
            }
            LocalDateTime nextSince = watermark.minus(properties.lookback());
            Map<String, Object> needs = jdbc.queryForMap(MartModels.needs(changes, nextSince));
            // the same changed documents, at the same versions, as the last refresh applied: re-read from the
            // lookback after a burst, they would cost every MERGE (and a snapshot each) for nothing
            boolean applied = appliedKey != null && Arrays.equals(appliedKey, (byte[]) needs.get("read_key"));
            List<String> merged = new ArrayList<>();
            for (String mart : MartModels.MARTS) {
                boolean nothingToApply = needs.get(mart) instanceof Number rows && rows.longValue() == 0;
                if (nothingToApply || (applied && MartModels.READS_CHANGES.contains(mart))) {
                    continue;
                }
                jdbc.update(MartModels.refresh(mart, changes));
                merged.add(mart);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            if (!merged.isEmpty()) {
                jdbc.update(
                        "INSERT INTO iceberg.marts.refresh_log VALUES (" + MartModels.timestamp(now()) + ", "
                                + MartModels.timestamp(watermark) + ", ?, ?)",
                        changed,
                        took.toMillis());
            }
            lastWatermark = watermark;
            appliedKey = (byte[]) needs.get("next_key");
            sample.stop(meters.timer("lake.marts.refresh"));
            lastRefreshedEpochSecond.set(clock.instant().getEpochSecond());
            log.info(
                    "marts refreshed up to {} ({} changed documents{}, {} ms; merged {})",
                    watermark,
                    changed,
                    applied ? ", all applied before" : "",
                    took.toMillis(),
                    merged);
            return new Refresh(watermark, changed, took, merged);
        } finally {
            dropQuietly(changes);
        }
    }

    private void dropQuietly(String table) {
        try {
            jdbc.execute("DROP TABLE IF EXISTS " + table);
        } catch (RuntimeException e) {
            // Trino away: the next maintenance drops what is left
            log.warn("cannot drop {} (maintenance will): {}", table, e.toString());
        }
    }

    /** Compaction and snapshot expiry (7 days kept, so time travel reaches back a week). */
    public void maintain() {
        try {
            ensureTables();
            // what refreshes that failed half-way left behind (one running right now fails and retries)
            for (String left : jdbc.queryForList(
                    "SELECT table_name FROM iceberg.information_schema.tables WHERE table_schema = 'marts'"
                            + " AND table_name LIKE 'refresh\\_changes\\_%' ESCAPE '\\'",
                    String.class)) {
                dropQuietly("iceberg.marts." + left);
            }
            for (String statement : MartModels.maintenance()) {
                jdbc.execute(statement);
            }
            log.info("mart maintenance done");
        } catch (RuntimeException e) {
            meters.counter("lake.marts.maintenance.failures").increment();
            log.warn("mart maintenance failed (the next one retries): {}", e.toString());
        }
    }

    private void ensureTables() {
        if (!tablesReady) {
            for (String statement : MartModels.schema()) {
                jdbc.execute(statement);
            }
            tablesReady = true;
        }
    }

    private Optional<LocalDateTime> readLastWatermark() {
        String last = jdbc.queryForObject(
                "SELECT CAST(max(watermark) AS varchar) FROM iceberg.marts.refresh_log", String.class);
        return Optional.ofNullable(last).map(MartRefresher::parse);
    }

    private LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** Trino's text of a timestamp ({@code 2026-12-04 04:00:00.123}): UTC, as the catalog's dates are. */
    private static LocalDateTime parse(String trinoTimestamp) {
        return LocalDateTime.parse(trinoTimestamp.replace(' ', 'T'));
    }

    /**
     * What one refresh did: up to which catalog change, how many changed documents it read, how long, and which marts
     * it merged them into (in order; a mart with nothing to apply is skipped).
     */
    public record Refresh(LocalDateTime watermark, long changedDocuments, Duration took, List<String> merged) {
        public Refresh {
            merged = List.copyOf(merged);
        }
    }
}
