package io.imagelake.catalog.deadletters;

import io.imagelake.catalog.audit.AuditLog;
import io.imagelake.support.errors.InvalidRequestException;
import io.imagelake.support.errors.NotFoundException;
import io.imagelake.support.tenant.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' dead letters, under {@code /api/v1/admin/**} behind the {@code admin} scope (and
 * {@code ./lake dlq}, which calls it): how many each dead-letter topic holds, its records, and
 * replay to the source topic, which the audit log records.
 */
@RestController
@Tag(name = "admin")
public class DeadLetterController {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterController.class);
    static final int MAX_LIMIT = 1000;

    private final DeadLetterQueue queue;
    private final AuditLog audit;

    public DeadLetterController(DeadLetterQueue queue, AuditLog audit) {
        this.queue = queue;
        this.audit = audit;
    }

    /** A dead-letter topic, the topic its records came from and how many it holds. */
    public record TopicSummary(String topic, String source, long records) {}

    /** Up to {@code limit} of the {@code matching} records of a topic, oldest first in each partition. */
    public record Listing(String topic, String source, long matching, List<DeadLetterQueue.DeadLetter> records) {}

    /** Which records to replay: those that failed at or after {@code since}, and of {@code reason}; both optional. */
    public record ReplayRequest(Instant since, String reason) {}

    /** What was replayed: each record as {@code partition/offset} of the dead-letter topic. */
    public record Replayed(String topic, String source, int replayed, List<String> records) {}

    @Operation(operationId = "listDeadLetterTopics", summary = "Every dead-letter topic and how many records it holds")
    @ApiResponse(responseCode = "200", description = "one entry per dead-letter topic")
    @GetMapping("/api/v1/admin/dead-letters")
    public List<TopicSummary> topics(Tenant caller) {
        return DeadLetterQueue.topics().stream()
                .map(topic -> new TopicSummary(topic, DeadLetterQueue.sourceOf(topic), queue.count(topic)))
                .toList();
    }

    @Operation(operationId = "listDeadLetters", summary = "A dead-letter topic's records: key, tenant, reason, origin")
    @ApiResponse(responseCode = "200", description = "the records that match, up to limit")
    @ApiResponse(responseCode = "404", description = "not a dead-letter topic of the lake")
    @GetMapping("/api/v1/admin/dead-letters/{topic}")
    public Listing records(
            Tenant caller,
            @PathVariable String topic,
            @Parameter(description = "only records that failed at or after this instant (ISO-8601)")
                    @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                    Instant since,
            @Parameter(description = "only records of this reason") @RequestParam(required = false) String reason,
            @Parameter(description = "at most this many records (1-1000)") @RequestParam(defaultValue = "100")
                    int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw InvalidRequestException.of("limit", "between 1 and " + MAX_LIMIT);
        }
        DeadLetterQueue.Selection matching = queue.select(known(topic), selection(since, reason), limit);
        return new Listing(topic, DeadLetterQueue.sourceOf(topic), matching.matching(), matching.first());
    }

    @Operation(
            operationId = "replayDeadLetters",
            summary = "Re-publish a dead-letter topic's records to their source topic (idempotent downstream, audited)")
    @ApiResponse(responseCode = "200", description = "what was replayed")
    @ApiResponse(responseCode = "404", description = "not a dead-letter topic of the lake")
    @PostMapping("/api/v1/admin/dead-letters/{topic}/replay")
    public Replayed replay(
            Tenant caller, @PathVariable String topic, @RequestBody(required = false) ReplayRequest request) {
        ReplayRequest which = request == null ? new ReplayRequest(null, null) : request;
        List<DeadLetterQueue.DeadLetter> replayed =
                queue.replay(known(topic), selection(which.since(), which.reason()));
        List<String> records = replayed.stream()
                .map(letter -> letter.partition() + "/" + letter.offset())
                .toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("topic", topic);
        details.put("since", which.since() == null ? null : Date.from(which.since()));
        details.put("reason", which.reason());
        details.put("records", records);
        audit.record(caller.principal(), "dlq.replay", null, details);
        log.info("{} replayed {} records of {}", caller.principal(), records.size(), topic);
        return new Replayed(topic, DeadLetterQueue.sourceOf(topic), records.size(), records);
    }

    private static String known(String topic) {
        if (!DeadLetterQueue.topics().contains(topic)) {
            throw new NotFoundException("dead-letter topic " + topic + " (known: " + DeadLetterQueue.topics() + ")");
        }
        return topic;
    }

    private static Predicate<DeadLetterQueue.Entry> selection(Instant since, String reason) {
        return entry -> (since == null || !entry.letter().failedAt().isBefore(since))
                && (reason == null
                        || reason.isBlank()
                        || reason.equals(entry.letter().reason()));
    }
}
