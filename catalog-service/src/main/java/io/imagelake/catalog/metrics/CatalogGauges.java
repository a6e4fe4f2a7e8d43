package io.imagelake.catalog.metrics;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import io.imagelake.catalog.store.CatalogStore;
import io.imagelake.contracts.CatalogColumns;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code lake.catalog.images{status}} and {@code lake.catalog.images.zone{zone}}: how many images
 * the catalog holds, refreshed from MongoDB on a schedule (a count per scrape would put the
 * aggregation on Prometheus's clock).
 */
@Component
public class CatalogGauges {

    private static final Logger log = LoggerFactory.getLogger(CatalogGauges.class);
    private static final List<String> ZONES = List.of("bronze", "silver", "gold");

    private final MongoCollection<Document> images;
    private final MultiGauge byStatus;
    private final MultiGauge byZone;

    public CatalogGauges(CatalogStore store, MeterRegistry meters) {
        this.images = store.images();
        this.byStatus = MultiGauge.builder("lake.catalog.images").description("catalogued images by status").register(meters);
        this.byZone = MultiGauge.builder("lake.catalog.images.zone").description("catalogued images present in a zone").register(meters);
    }

    @Scheduled(fixedDelayString = "${lake.catalog.metrics.refresh-interval:30s}", initialDelayString = "${lake.catalog.metrics.refresh-interval:30s}")
    public void refresh() {
        try {
            List<MultiGauge.Row<?>> statusRows = new ArrayList<>();
            for (Document group : images.aggregate(List.of(Aggregates.group("$" + CatalogColumns.STATUS, Accumulators.sum("n", 1))))) {
                Object status = group.get("_id");
                if (status != null) {
                    statusRows.add(MultiGauge.Row.of(Tags.of("status", status.toString()), ((Number) group.get("n")).doubleValue()));
                }
            }
            byStatus.register(statusRows, true);
            List<MultiGauge.Row<?>> zoneRows = new ArrayList<>();
            for (String zone : ZONES) {
                zoneRows.add(MultiGauge.Row.of(Tags.of("zone", zone), images.countDocuments(Filters.exists("zones." + zone))));
            }
            byZone.register(zoneRows, true);
        } catch (RuntimeException e) {
            log.warn("cannot refresh catalog gauges: {}", e.toString());
        }
    }
}
