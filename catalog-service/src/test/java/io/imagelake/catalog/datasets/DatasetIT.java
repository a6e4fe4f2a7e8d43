package io.imagelake.catalog.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.catalog.CatalogOnRealServers;
import io.imagelake.catalog.images.ImageFilter;
import io.imagelake.catalog.retention.RetentionSweeper;
import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.ImageIds;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.ImageNormalized;
import io.imagelake.contracts.ImagePromoted;
import io.imagelake.contracts.ObjectKeys;
import io.imagelake.contracts.ObjectRef;
import io.imagelake.devstack.demo.LakeClient;
import io.imagelake.devstack.process.Await;
import io.imagelake.testing.EventWriter;
import io.imagelake.testing.TestEvents;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/** Dataset versions built from gold on a real S3 server, Kafka broker and Mongo wire server. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "lake.catalog.datasets.shard-max-images=2",
            "lake.catalog.datasets.stale-after=2s",
            "lake.catalog.datasets.heartbeat=500ms",
            "lake.catalog.retention.gold=30d",
            "lake.catalog.retention.sweep-interval=1h"
        })
class DatasetIT extends CatalogOnRealServers {

    @Autowired
    RetentionSweeper sweeper;

    @Autowired
    DatasetVersions versions;

    private final String tenant = "ds-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aVersionHoldsEveryMatchingGoldImageInWebDatasetShardsWithAManifestAndADeterministicSplit() throws Exception {
        Map<String, byte[]> cats = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            String id = ImageIds.random();
            cats.put(id, promote(id, "cat", "Con mèo số " + i, Instant.now()));
        }
        promote(ImageIds.random(), "dog", "a dog", Instant.now());

        JsonNode created = post("{\"name\":\"cats\",\"filter\":{\"tag\":\"cat\"}}");
        assertThat(created.get("state").asString()).isEqualTo("BUILDING");
        JsonNode version = awaitPublished("cats", created.get("version").asLong());

        assertThat(version.get("images").asLong()).isEqualTo(5);
        SplitRatios split = new SplitRatios(0.8, 0.1, 0.1);
        Map<String, Integer> perSplit = new TreeMap<>();
        cats.keySet().forEach(id -> perSplit.merge(split.assign("cats", id).id(), 1, Integer::sum));
        List<String> expectedNames = new ArrayList<>();
        for (SplitRatios.Split s : SplitRatios.Split.values()) { // 2 images a shard (shard-max-images=2), per split
            for (int n = 0; n * 2 < perSplit.getOrDefault(s.id(), 0); n++) {
                expectedNames.add(s.id() + "-%06d.tar".formatted(n));
            }
        }
        List<String> names = new ArrayList<>();
        Map<String, Map<String, byte[]>> members = new HashMap<>();
        int index = 0;
        for (JsonNode shard : version.get("shards")) {
            names.add(shard.get("name").asString());
            assertThat(shard.get("index").asInt()).isEqualTo(index++);
            assertThat(shard.get("url").asString())
                    .isEqualTo("/api/v1/datasets/cats/versions/1/shards/"
                            + shard.get("name").asString());
            byte[] tar = client().downloadThrough(tenant, shard.get("url").asString());
            assertThat(sha256(tar)).isEqualTo(shard.get("sha256").asString());
            Map<String, Map<String, byte[]>> inShard = untar(tar);
            assertThat(inShard.keySet())
                    .as("a shard holds its split alone")
                    .allSatisfy(id -> assertThat(split.assign("cats", id).id())
                            .isEqualTo(shard.get("split").asString()));
            members.putAll(inShard);
        }
        assertThat(names).isEqualTo(expectedNames);
        assertThat(members.keySet()).containsExactlyInAnyOrderElementsOf(cats.keySet());
        List<String> manifest = manifestLines("cats", version.get("version").asLong());
        assertThat(manifest).hasSize(5);
        for (String line : manifest) {
            JsonNode entry = LakeClient.JSON.readTree(line);
            String id = entry.get("id").asString();
            assertThat(members.get(id).get("jpg")).isEqualTo(cats.get(id));
            assertThat(new String(members.get(id).get("txt"), StandardCharsets.UTF_8))
                    .startsWith("Con mèo số ");
            assertThat(LakeClient.JSON.readTree(members.get(id).get("json"))).isEqualTo(entry);
            assertThat(entry.get("split").asString())
                    .isEqualTo(split.assign("cats", id).id());
            assertThat(entry.get("keys").get("shard").asString())
                    .matches(".*/datasets/cats/v1/" + entry.get("split").asString() + "-\\d{6}\\.tar");
            assertThat(entry.get("caption").get("tokens").isArray()).isTrue();
            assertThat(entry.get("features").get("phash").asString()).isNotBlank();
        }
    }

    @Test
    void aPublishedVersionHasACroissantCardNamingEveryShardByItsStableAddressAndChecksum() throws Exception {
        for (int i = 0; i < 4; i++) {
            promote(ImageIds.random(), "card", "carded " + i, Instant.now());
        }
        JsonNode version = awaitPublished(
                "carded",
                post("{\"name\":\"carded\",\"filter\":{\"tag\":\"card\"}}")
                        .get("version")
                        .asLong());
        String base = "/api/v1/datasets/carded/versions/1";

        LakeClient.Answer served =
                client().get(tenant, version.get("card").get("url").asString());

        assertThat(served.status()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/ld+json"));
        String sha = sha256(served.body().getBytes(StandardCharsets.UTF_8));
        assertThat(version.get("card").get("sha256").asString()).isEqualTo(sha);
        assertThat(served.headers().firstValue("ETag")).contains("\"" + sha + "\"");
        JsonNode card = served.json();
        assertThat(card.get("@type").asString()).isEqualTo("sc:Dataset");
        assertThat(card.get("conformsTo").asString()).isEqualTo("http://mlcommons.org/croissant/1.0");
        assertThat(card.get("@context").get("cr").asString()).isEqualTo("http://mlcommons.org/croissant/");
        assertThat(card.get("version").asString()).isEqualTo("1.0.0");
        assertThat(card.get("license").asString()).isNotBlank();
        Map<String, JsonNode> files = new HashMap<>();
        card.get("distribution").forEach(f -> files.put(f.get("@id").asString(), f));
        assertThat(files.get("manifest.jsonl").get("sha256").asString())
                .isEqualTo(version.get("manifest").get("sha256").asString());
        assertThat(files.get("manifest.jsonl").get("contentUrl").asString()).isEqualTo(base + "/manifest");
        for (JsonNode shard : version.get("shards")) {
            JsonNode file = files.get(shard.get("name").asString());
            assertThat(file.get("@type").asString()).isEqualTo("cr:FileObject");
            assertThat(file.get("contentUrl").asString())
                    .isEqualTo(shard.get("url").asString());
            assertThat(file.get("sha256").asString())
                    .isEqualTo(shard.get("sha256").asString());
            JsonNode fileSet = files.get(shard.get("split").asString() + "-images");
            assertThat(fileSet.get("@type").asString()).isEqualTo("cr:FileSet");
            assertThat(fileSet.get("containedIn").findValuesAsString("@id"))
                    .contains(shard.get("name").asString());
        }
        assertThat(card.get("recordSet").findValuesAsString("name")).contains("splits", "images", "pixels");
        int sources = 0;
        for (JsonNode count : card.get("lake:lineage").get("sources")) {
            sources += count.asInt();
        }
        assertThat(sources).as("every image's lineage is tallied").isEqualTo(4);
        assertThat(card.get("isBasedOn")
                        .get("lake:selection")
                        .get("filter")
                        .get("tag")
                        .asString())
                .isEqualTo("card");

        JsonNode first = version.get("shards").get(0);
        String name = first.get("name").asString();
        byte[] byName = client().downloadThrough(tenant, base + "/shards/" + name.replace(".tar", ""));
        assertThat(client().downloadThrough(tenant, base + "/shards/0")).isEqualTo(byName);
        assertThat(sha256(byName)).isEqualTo(first.get("sha256").asString());
        assertThat(client().get(tenant, base + "/shards/99").status()).isEqualTo(404);
        assertThat(client().get(tenant, base + "/shards/nope.tar").status()).isEqualTo(404);
        assertThat(client().get("someone-else", base + "/shards/0").status()).isEqualTo(404);
        assertThat(client().get("someone-else", base + "/croissant").status()).isEqualTo(404);
    }

    @Test
    void aPublishedVersionServesTheSameBytesWhileLaterVersionsFollowTheCatalog() throws Exception {
        String kept = ImageIds.random();
        String erased = ImageIds.random();
        promote(kept, "bird", "bird one", Instant.now());
        promote(erased, "bird", "bird two", Instant.now());
        JsonNode v1 = awaitPublished(
                "birds",
                post("{\"name\":\"birds\",\"filter\":{\"tag\":\"bird\"}}")
                        .get("version")
                        .asLong());
        List<String> manifestBefore = manifestLines("birds", 1);
        byte[] shardBefore = client().downloadThrough(
                        tenant, v1.get("shards").get(0).get("url").asString());

        String added = ImageIds.random();
        promote(added, "bird", "bird three", Instant.now());
        assertThat(client().delete(tenant, "/api/v1/images/" + erased).status()).isEqualTo(204);
        JsonNode v2 = awaitPublished(
                "birds",
                post("{\"name\":\"birds\",\"filter\":{\"tag\":\"bird\"}}")
                        .get("version")
                        .asLong());

        assertThat(v2.get("version").asLong()).isEqualTo(2);
        assertThat(manifestLines("birds", 1)).isEqualTo(manifestBefore);
        JsonNode v1Again =
                client().get(tenant, "/api/v1/datasets/birds/versions/1").json();
        assertThat(client().downloadThrough(
                                tenant, v1Again.get("shards").get(0).get("url").asString()))
                .isEqualTo(shardBefore);
        List<String> v2Ids = manifestLines("birds", 2).stream()
                .map(l -> LakeClient.JSON.readTree(l).get("id").asString())
                .toList();
        assertThat(v2Ids).containsExactlyInAnyOrder(kept, added);
        JsonNode listing = client().get(tenant, "/api/v1/datasets").json();
        assertThat(listing.get("items").get(0).get("latestVersion").asLong()).isEqualTo(2);
    }

    @Test
    void retentionKeepsWhatAVersionReferencesUntilTheVersionIsDeleted() throws Exception {
        Instant longAgo = Instant.now().minus(Duration.ofDays(40));
        String held = ImageIds.random();
        String loose = ImageIds.random();
        promote(held, "fish", "a fish", longAgo);
        promote(loose, "other", "not a fish", longAgo);
        awaitPublished(
                "fish",
                post("{\"name\":\"fish\",\"filter\":{\"tag\":\"fish\"}}")
                        .get("version")
                        .asLong());

        sweeper.sweepOnce(Instant.now());
        assertThat(exists(goldOf(held))).isTrue();
        assertThat(exists(goldOf(loose))).isFalse();

        assertThat(client().delete(tenant, "/api/v1/datasets/fish/versions/1").status())
                .isEqualTo(204);
        sweeper.sweepOnce(Instant.now());
        assertThat(exists(goldOf(held))).isFalse();
        assertThat(client().get(tenant, "/api/v1/datasets/fish/versions/1")
                        .json()
                        .get("state")
                        .asString())
                .isEqualTo("DELETED");
        assertThat(client().get(tenant, "/api/v1/datasets/fish/versions/1/manifest")
                        .status())
                .isEqualTo(409);
    }

    @Test
    void aBuildWhoseInstanceDiedIsTakenOverAndPublished() throws Exception {
        promote(ImageIds.random(), "crash", "one", Instant.now());
        var request = new DatasetRequest(
                "crashed",
                new ImageFilter(null, null, null, null, "crash", null, null),
                new SplitRatios(0.8, 0.1, 0.1));
        versions.create(tenant, request, "an-instance-that-died");

        JsonNode version = awaitPublished("crashed", 1);
        assertThat(version.get("images").asLong()).isEqualTo(1);
    }

    @Test
    void badRequestsAreProblemsAndOtherTenantsSeeNothing() throws Exception {
        assertThat(problemType(client().postJson(tenant, "/api/v1/datasets", "{\"name\":\"Bad Name!\"}")))
                .endsWith("/validation");
        assertThat(problemType(client().postJson(
                                tenant,
                                "/api/v1/datasets",
                                "{\"name\":\"x\",\"split\":{\"train\":0.9,\"validation\":0.2,\"test\":0.1}}")))
                .endsWith("/validation");
        assertThat(problemType(client().postJson(
                                tenant, "/api/v1/datasets", "{\"name\":\"x\",\"filter\":{\"status\":\"NOPE\"}}")))
                .endsWith("/validation");
        assertThat(client().postJson(tenant, "/api/v1/datasets", "{\"name\":").status())
                .isEqualTo(400);
        assertThat(client().postJson(null, "/api/v1/datasets", "{\"name\":\"x\"}")
                        .status())
                .isEqualTo(401);

        promote(ImageIds.random(), "mine", "mine", Instant.now());
        awaitPublished(
                "mine",
                post("{\"name\":\"mine\",\"filter\":{\"tag\":\"mine\"}}")
                        .get("version")
                        .asLong());
        assertThat(client().get("someone-else", "/api/v1/datasets/mine/versions/1")
                        .status())
                .isEqualTo(404);
        assertThat(client().get("someone-else", "/api/v1/datasets/mine").status())
                .isEqualTo(404);
        assertThat(client().delete("someone-else", "/api/v1/datasets/mine/versions/1")
                        .status())
                .isEqualTo(404);
        assertThat(client().get(tenant, "/api/v1/datasets/mine/versions/9").status())
                .isEqualTo(404);
    }

    private static String problemType(LakeClient.Answer answer) {
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
        return answer.json().get("type").asString();
    }

    /** An image through bronze, silver and gold, its gold object holding distinct bytes; returns them. */
    private byte[] promote(String id, String tag, String caption, Instant at) throws Exception {
        ImageIngested ingested = TestEvents.ingested(tenant, id)
                .bronze(new ObjectRef("bronze", ObjectKeys.bronze(tenant, at, id)))
                .bytes(5)
                .caption(caption)
                .tags(List.of(tag))
                .at(at)
                .build();
        ImageNormalized normalized = TestEvents.normalized(tenant, id)
                .silver(new ObjectRef("silver", ObjectKeys.silver(tenant, id, "v1")))
                .size(64, 48)
                .caption(new ImageNormalized.Caption(
                        caption,
                        caption.toLowerCase(),
                        List.of(caption.toLowerCase().split(" ")),
                        "vi"))
                .features(new ImageNormalized.Features("00ff00ff00ff00ff", 120.5, 0.4, 0.2))
                .at(at)
                .build();
        ImagePromoted promoted = new ImagePromoted(
                ImageEvent.CURRENT_SCHEMA_VERSION, UUID.randomUUID().toString(), id, tenant, "v1", goldOf(id), at);
        byte[] gold = ("gold bytes of " + id).getBytes(StandardCharsets.UTF_8);
        put(promoted.gold(), gold);
        put(normalized.silver(), gold);
        try (EventWriter writer = new EventWriter(endpoints.kafkaBootstrap())) {
            writer.publish(ingested);
            writer.publish(normalized);
            writer.publish(promoted);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            // in the gold feed: what a dataset version created from now on holds
            LakeClient.Answer feed = client().get(tenant, "/api/v1/feed?zone=gold&limit=1000");
            LakeClient.Answer image = client().get(tenant, "/api/v1/images/" + id);
            if (feed.status() == 200
                    && feed.json().get("items").findValuesAsString("imageId").contains(id)
                    && image.json().get("caption").has("tokens")) {
                return gold;
            }
            Await.sleep(100);
        }
        throw new AssertionError("image " + id + " did not reach gold");
    }

    private ObjectRef goldOf(String id) {
        return new ObjectRef("gold", ObjectKeys.gold(tenant, id, "v1"));
    }

    private JsonNode post(String json) {
        LakeClient.Answer answer = client().postJson(tenant, "/api/v1/datasets", json);
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(answer.headers().firstValue("Location")).isPresent();
        return answer.json();
    }

    private JsonNode awaitPublished(String name, long version) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            LakeClient.Answer answer = client().get(tenant, "/api/v1/datasets/" + name + "/versions/" + version);
            if (answer.status() == 200) {
                last = answer.json();
                if ("PUBLISHED".equals(last.get("state").asString())) {
                    return last;
                }
            }
            Await.sleep(100);
        }
        throw new AssertionError("dataset " + name + " v" + version + " was not published: " + last);
    }

    private List<String> manifestLines(String name, long version) {
        LakeClient.Answer answer =
                client().get(tenant, "/api/v1/datasets/" + name + "/versions/" + version + "/manifest");
        assertThat(answer.status()).isEqualTo(200);
        return answer.body().lines().toList();
    }

    private static Map<String, Map<String, byte[]>> untar(byte[] tar) throws Exception {
        Map<String, Map<String, byte[]>> members = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry entry; (entry = in.getNextEntry()) != null; ) {
                String name = entry.getName();
                int dot = name.indexOf('.');
                members.computeIfAbsent(name.substring(0, dot), k -> new HashMap<>())
                        .put(name.substring(dot + 1), in.readAllBytes());
            }
        }
        return members;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
