package io.imagelake.query.stats;

import io.imagelake.support.tenant.Tenant;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/stats/images}: how many images, how many bytes, grouped as asked. */
@RestController
@Tag(name = "stats")
public class StatsController {

    private final StatsRepository stats;
    private final QueryProperties properties;
    private final MeterRegistry meters;

    public StatsController(StatsRepository stats, QueryProperties properties, MeterRegistry meters) {
        this.stats = stats;
        this.properties = properties;
        this.meters = meters;
    }

    public record StatsResponse(List<Map<String, Object>> rows) {}

    @Operation(
            operationId = "imageStats",
            summary = "How many images and bytes, grouped as asked (from the gold marts, through Trino)",
            description = "Tenants see only their own rows. The marts follow the catalog within a minute.")
    @ApiResponse(responseCode = "200", description = "the rows: the group keys, count and bytes")
    @GetMapping("/api/v1/stats/images")
    public StatsResponse images(
            Tenant tenant,
            @Parameter(description = "ISO date or instant") @RequestParam(required = false) String from,
            @Parameter(description = "ISO date or instant") @RequestParam(required = false) String to,
            @Parameter(description = "comma list of customer, format, source, status, day, pipeline, reason")
                    @RequestParam(required = false)
                    String groupBy) {
        StatsRequest request = StatsRequest.parse(from, to, groupBy);
        String scope = properties.isAdmin(tenant.id()) ? null : tenant.id();
        return meters.timer("lake.query.stats.latency", "scope", scope == null ? "all" : "tenant")
                .record(() -> new StatsResponse(stats.imageStats(request, scope)));
    }
}
