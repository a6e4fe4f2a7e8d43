package io.imagelake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.devstack.Stack;
import io.imagelake.devstack.StackLayout;
import io.imagelake.devstack.StackPorts;
import io.imagelake.devstack.demo.LakeClient;
import io.imagelake.devstack.images.SyntheticImages;
import io.imagelake.devstack.infra.KafkaBroker;
import io.imagelake.devstack.infra.MongoWireServer;
import io.imagelake.devstack.infra.S3ProxyServer;
import io.imagelake.devstack.process.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Chaos on the platform as {@code ./lake up} starts it: mobile clients keep uploading with idempotency keys and
 * retry whatever fails, while each component an upload passes through is killed (-9) in turn and started again,
 * the object store for three minutes in the middle of processing. The goal: no acknowledged image lost, none
 * stored twice, every image in a terminal state, nothing dead-lettered.
 */
class ChaosIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String TENANT = "chaos-" + RUN;
    private static final int CLIENTS = 4;
    /** The contract's answer to a retry that arrives while the first attempt with its key still runs. */
    private static final String IN_PROGRESS = "https://imagelake.dev/problems/idempotency-key-in-progress";
    /** As long as the archival promise's worst credible object-store outage, and longer than any retry backoff. */
    private static final Duration OBJECT_STORE_OUTAGE = Duration.ofMinutes(3);
    /**
     * The upload path, killed in this order. Trino and query-service serve analytics only: an upload never
     * passes through them.
     */
    private static final List<String> UPLOAD_PATH = List.of(
            "gateway",
            "ingest-api-1",
            KafkaBroker.NAME,
            "catalog-service",
            MongoWireServer.NAME,
            "image-normalizer",
            "ingest-api-2",
            S3ProxyServer.NAME);

    private static final Set<String> INFRASTRUCTURE =
            Set.of(KafkaBroker.NAME, S3ProxyServer.NAME, MongoWireServer.NAME);

    private static Stack stack;
    private static LakeClient client;

    @BeforeAll
    static void startPlatform() {
        stack = new Stack(
                new StackLayout(
                        StackLayout.findRepo(), Path.of("target", "chaos-lake").toAbsolutePath()),
                StackPorts.free(),
                Map.of(),
                false,
                List.of("-XX:TieredStopAtLevel=1"),
                line -> System.out.println("[chaos] " + line));
        stack.upInfrastructure(INFRASTRUCTURE::contains);
        stack.upServices(spec -> !spec.name().equals("query-service"));
        LakeClient.Credentials keys = stack.admin().tenantKeys();
        keys.bearerFor(TENANT);
        client = new LakeClient(stack.gatewayUrl(), keys);
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    void killingEachComponentInTurnDuringKeyedUploadsLosesAndDuplicatesNothing() throws Exception {
        Uploads uploads = new Uploads();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int id = c;
            clients.add(pool.submit(() -> uploads.keepUploading(id)));
        }
        try {
            for (String component : UPLOAD_PATH) {
                // by construction, not by timing: uploads flow before each kill and again after each restart
                awaitMoreAcked(uploads, CLIENTS, "before killing " + component);
                if (component.equals(S3ProxyServer.NAME)) {
                    objectStoreOutageInTheMiddleOfProcessing(uploads);
                } else {
                    uploads.awaitOneInFlight("before killing " + component);
                    stack.kill(component);
                    restart(component);
                }
                awaitMoreAcked(uploads, CLIENTS, "after " + component + " came back");
            }
        } finally {
            uploads.stop.set(true);
            for (Future<?> running : clients) {
                running.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
        }

        Verdict verdict = verdictOf(uploads);
        System.out.printf(
                "CHAOS acked=%d lost=%d duplicated=%d stuck=%d attempts=%d refused=%s statuses=%s%n",
                uploads.acked(),
                verdict.lost().size(),
                verdict.duplicated().size(),
                verdict.stuck().size(),
                uploads.attempts.get(),
                new TreeMap<>(uploads.refusals),
                verdict.statuses());
        assertThat(uploads.acked()).as("acknowledged uploads").isGreaterThanOrEqualTo(CLIENTS * UPLOAD_PATH.size());
        assertThat(uploads.refusals.keySet())
                .as("a retrying client only ever meets an outage (no answer, 502-504), its rate limit or its own"
                        + " first attempt still running (after a lost answer): never another 4xx, never a 500")
                .allMatch(outcome -> outcome.equals("no answer")
                        || outcome.matches("(429|502|503|504) .*")
                        || outcome.equals("409 " + IN_PROGRESS));
        assertThat(uploads.retryAfterMissing.get())
                .as("503s, 429s and 409s of a key in progress without Retry-After")
                .isZero();
        assertThat(verdict.lost()).as("acknowledged images lost").isEmpty();
        assertThat(verdict.duplicated()).as("images stored twice").isEmpty();
        assertThat(verdict.stuck()).as("images not in a terminal state").isEmpty();
        assertThat(verdict.statuses().getOrDefault("PROMOTED", 0))
                .as("promoted: all but the near-duplicates")
                .isGreaterThan(uploads.acked() * 9 / 10);
        assertThat(deadLetters()).as("good events dead-lettered").isZero();
    }

    /**
     * The normalizer is frozen while uploads are acknowledged, so that events wait for it by construction; then
     * the object store dies and the normalizer thaws: it meets the outage in the middle of processing, and the
     * uploads meet it too (503 and Retry-After). While it lasts, nothing can advance.
     */
    private static void objectStoreOutageInTheMiddleOfProcessing(Uploads uploads) {
        stack.freeze("image-normalizer", true);
        Set<String> waiting;
        try {
            // at most one upload per client was in flight when it froze: the one more was acknowledged after
            awaitMoreAcked(uploads, CLIENTS + 1, "while the normalizer is frozen");
            waiting = uploads.imageIds();
            uploads.awaitOneInFlight("before killing the object store");
            stack.kill(S3ProxyServer.NAME);
        } finally {
            stack.freeze("image-normalizer", false);
        }
        long pid = normalizerPid();
        int refusedBefore = uploads.refused503();
        long ends = System.nanoTime() + OBJECT_STORE_OUTAGE.toNanos();
        // the outage lasts its length, and at least until an upload has met it (503): a condition, not a sleep
        awaitCondition(
                () -> System.nanoTime() >= ends && uploads.refused503() > refusedBefore,
                "three minutes of outage, and uploads refused with 503 during it");
        Map<String, Integer> during = statusesOf(waiting);
        assertThat(during.getOrDefault("RECEIVED", 0))
                .as("images waiting for the object store at the outage's end: %s", during)
                .isPositive();
        restart(S3ProxyServer.NAME);
        assertThat(normalizerPid()).as("the normalizer rode the outage out").isEqualTo(pid);
    }

    private static long normalizerPid() {
        return stack.recorded().stream()
                .filter(entry -> entry.name().equals("image-normalizer"))
                .findFirst()
                .orElseThrow()
                .pid();
    }

    private static void restart(String component) {
        if (INFRASTRUCTURE.contains(component)) {
            stack.upInfrastructure(component::equals);
        } else {
            stack.upServices(spec -> spec.name().equals(component));
        }
    }

    private static void awaitMoreAcked(Uploads uploads, int more, String when) {
        int target = uploads.acked() + more;
        awaitCondition(() -> uploads.acked() >= target, "%d more uploads acknowledged %s".formatted(more, when));
    }

    private static void awaitCondition(BooleanSupplier reached, String what) {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (!reached.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Await.sleep(20);
        }
    }

    /** Lost: acknowledged, then never found. Duplicated: a key with two images, or an image no key has. */
    private record Verdict(
            Set<String> lost, Set<String> duplicated, Set<String> stuck, Map<String, Integer> statuses) {}

    private static Verdict verdictOf(Uploads uploads) {
        Set<String> acked = uploads.imageIds();
        Set<String> duplicated = new HashSet<>();
        uploads.imagesByKey.forEach((key, ids) -> {
            if (ids.size() > 1) {
                duplicated.addAll(ids);
            }
        });
        Set<String> listed = listedImages();
        listed.stream().filter(id -> !acked.contains(id)).forEach(duplicated::add);
        Set<String> lost = new HashSet<>();
        Set<String> stuck = new HashSet<>(acked);
        Map<String, Integer> statuses = new TreeMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (!stuck.isEmpty() && System.nanoTime() < deadline) {
            for (String id : List.copyOf(stuck)) {
                LakeClient.Answer answer = client.get(TENANT, "/api/v1/images/" + id);
                if (answer.status() == 404) {
                    lost.add(id);
                    stuck.remove(id);
                } else if (answer.status() == 200 && isTerminal(answer.json())) {
                    JsonNode image = answer.json();
                    statuses.merge(image.get("status").asString(), 1, Integer::sum);
                    if (!isNearDuplicateOfAnother(image, id, acked)) {
                        // each key's picture is its own: the same bytes twice is one image stored twice
                        duplicated.add(id);
                    }
                    stuck.remove(id);
                }
            }
            if (!stuck.isEmpty()) {
                Await.sleep(1_000);
            }
        }
        return new Verdict(lost, duplicated, stuck, statuses);
    }

    /**
     * Not a duplicate at all, or the verdict on distinct pictures the perceptual hash finds alike (a few of the
     * synthetic ones are, deterministically): never a duplicate of itself or of the same bytes.
     */
    private static boolean isNearDuplicateOfAnother(JsonNode image, String id, Set<String> acked) {
        if (!image.get("status").asString().equals("DUPLICATE")) {
            return true;
        }
        String of = image.get("duplicateOf").asString();
        return !of.equals(id)
                && acked.contains(of)
                && image.get("reasons").findValuesAsString("code").equals(List.of("NEAR_DUPLICATE"));
    }

    private static boolean isTerminal(JsonNode image) {
        return image.get("status").asString().matches("PROMOTED|REJECTED|DUPLICATE");
    }

    private static Map<String, Integer> statusesOf(Set<String> imageIds) {
        Map<String, Integer> statuses = new TreeMap<>();
        for (String id : imageIds) {
            LakeClient.Answer answer = client.get(TENANT, "/api/v1/images/" + id);
            String status = answer.status() == 200 ? answer.json().get("status").asString() : "HTTP " + answer.status();
            statuses.merge(status, 1, Integer::sum);
        }
        return statuses;
    }

    /** Every image the catalog lists for the tenant, page by page. */
    private static Set<String> listedImages() {
        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            JsonNode page = client.get(TENANT, "/api/v1/images?limit=100" + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            page.get("items").forEach(item -> ids.add(item.get("imageId").asString()));
            JsonNode next = page.get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asString();
        } while (cursor != null);
        return ids;
    }

    private static int deadLetters() {
        int records = 0;
        for (JsonNode topic : stack.admin().deadLetterTopics()) {
            records += topic.get("records").asInt();
        }
        return records;
    }

    /**
     * The mobile clients: each uploads distinct pictures one after another, each under its own idempotency key,
     * and retries an upload (same key, same bytes) until it is acknowledged, as the app does on a flaky network.
     */
    private static final class Uploads {
        final AtomicBoolean stop = new AtomicBoolean();
        final Map<String, Set<String>> imagesByKey = new ConcurrentHashMap<>();
        final Map<String, Integer> refusals = new ConcurrentHashMap<>();
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger retryAfterMissing = new AtomicInteger();

        /** A kill lands while at least one upload is on the wire, by construction. */
        void awaitOneInFlight(String when) {
            awaitCondition(() -> inFlight.get() > 0, "an upload in flight " + when);
        }

        int acked() {
            return imagesByKey.size();
        }

        int refused503() {
            return refusals.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("503"))
                    .mapToInt(Map.Entry::getValue)
                    .sum();
        }

        Set<String> imageIds() {
            Set<String> ids = new HashSet<>();
            imagesByKey.values().forEach(ids::addAll);
            return ids;
        }

        Void keepUploading(int clientId) {
            for (int i = 0; !stop.get(); i++) {
                String key = TENANT + "-" + clientId + "-" + i;
                byte[] picture = SyntheticImages.jpeg(10_000 + clientId * 100_000 + i, 640, 480);
                Outcome outcome;
                do {
                    outcome = upload(key, picture);
                } while (outcome == Outcome.RETRY);
                Await.sleep(400);
            }
            return null;
        }

        private enum Outcome {
            ACKNOWLEDGED,
            /** An outage: no answer, or a 5xx. The app tries again with the same key and bytes. */
            RETRY,
            /** A 4xx: the app would give up and tell its user. */
            REFUSED
        }

        /** One attempt (a replay of an acknowledged key answers as the first attempt did). */
        private Outcome upload(String key, byte[] picture) {
            attempts.incrementAndGet();
            LakeClient.Answer answer;
            inFlight.incrementAndGet();
            try {
                answer = client.upload(TENANT, picture, "chaos.jpg", "image/jpeg", null, key);
            } catch (RuntimeException noAnswer) {
                answer = null;
            } finally {
                inFlight.decrementAndGet();
            }
            if (answer == null) {
                refusals.merge("no answer", 1, Integer::sum);
                Await.sleep(250);
                return Outcome.RETRY;
            }
            if (answer.status() == 201) {
                imagesByKey
                        .computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet())
                        .add(answer.json().get("imageId").asString());
                return Outcome.ACKNOWLEDGED;
            }
            refusals.merge(answer.status() + " " + problemType(answer), 1, Integer::sum);
            // as the contract says: outages, the rate limit and a first attempt still running are tried again
            boolean retriable =
                    answer.status() >= 500 || answer.status() == 429 || IN_PROGRESS.equals(problemType(answer));
            if (!retriable) {
                return Outcome.REFUSED;
            }
            var retryAfter = answer.headers().firstValue("Retry-After");
            if (retryAfter.isEmpty() && answer.status() != 502) {
                // 502: the gateway's answer for an instance that died mid-request
                retryAfterMissing.incrementAndGet();
            }
            // as the app does: wait what the server asks (within reason), else a moment
            Await.sleep(retryAfter
                    .map(v -> Math.min(5_000L, Long.parseLong(v) * 1000))
                    .orElse(250L));
            return Outcome.RETRY;
        }

        private static String problemType(LakeClient.Answer answer) {
            try {
                JsonNode problem = answer.json();
                return problem != null && problem.has("type")
                        ? problem.get("type").asString()
                        : "";
            } catch (RuntimeException notJson) {
                return "(not json)";
            }
        }
    }
}
