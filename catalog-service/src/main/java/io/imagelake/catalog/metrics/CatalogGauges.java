package io.imagelake.catalog.metrics;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import io.imagelake.catalog.store.CatalogStore;
import io.imagelake.catalog.store.ImageDocument;
import io.imagelake.contracts.CatalogColumns;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code lake.catalog.images{status}} and {@code lake.catalog.images.zone{zone}}: how many images
 * the catalog holds, refreshed from MongoDB on a schedule (a count per scrape would put the
 * aggregation on Prometheus's clock).
 */
@Component
public class CatalogGauges {

    private static final Logger log = LoggerFactory.getLogger(CatalogGauges.class);

    private final MongoCollection<Document> images;
    private final MultiGauge byStatus;
    private final MultiGauge byZone;

    public CatalogGauges(CatalogStore store, MeterRegistry meters) {
        this.images = store.images();
        this.byStatus = MultiGauge.builder("lake.catalog.images")
                .description("catalogued images by status")
                .register(meters);
        this.byZone = MultiGauge.builder("lake.catalog.images.zone")
                .description("catalogued images present in a zone")
                .register(meters);
    }

    @Scheduled(
            fixedDelayString = "${lake.catalog.metrics.refresh-interval:30s}",
            initialDelayString = "${lake.catalog.metrics.refresh-interval:30s}")
    public void refresh() {
        try {
            // one pass over small projected documents: an aggregation or a count per zone made the
            // embedded server materialise every whole document four times (out of memory at 100k images)
            Map<String, Long> byStatusCount = new TreeMap<>();
            Map<String, Long> byZoneCount = new LinkedHashMap<>();
            ImageDocument.ZONE_NAMES.forEach(zone -> byZoneCount.put(zone, 0L));
            List<String> fields = new ArrayList<>(List.of(CatalogColumns.STATUS));
            ImageDocument.ZONE_NAMES.forEach(zone -> fields.add(ImageDocument.zone(zone) + "." + ImageDocument.KEY));
            for (Document doc :
                    images.find().projection(Projections.include(fields)).batchSize(5000)) {
                String status = doc.getString(CatalogColumns.STATUS);
                if (status != null) {
                    byStatusCount.merge(status, 1L, Long::sum);
                }
                Document zones = doc.get(ImageDocument.ZONES, Document.class);
                if (zones != null) {
                    ImageDocument.ZONE_NAMES.stream()
                            .filter(zones::containsKey)
                            .forEach(zone -> byZoneCount.merge(zone, 1L, Long::sum));
                }
            }
            List<MultiGauge.Row<?>> statusRows = new ArrayList<>();
            byStatusCount.forEach((status, n) -> statusRows.add(MultiGauge.Row.of(Tags.of("status", status), n)));
            byStatus.register(statusRows, true);
            List<MultiGauge.Row<?>> zoneRows = new ArrayList<>();
            byZoneCount.forEach((zone, n) -> zoneRows.add(MultiGauge.Row.of(Tags.of("zone", zone), n)));
            byZone.register(zoneRows, true);
        } catch (RuntimeException e) {
            log.warn("cannot refresh catalog gauges: {}", e.toString());
        }
    }
}
