package io.imagelake.catalog.datasets;

import io.imagelake.catalog.audit.AuditLog;
import io.imagelake.catalog.images.ImageFilter;
import io.imagelake.catalog.images.Presigner;
import io.imagelake.support.errors.InvalidRequestException;
import io.imagelake.support.errors.NotFoundException;
import io.imagelake.support.tenant.Tenant;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Versioned training datasets from gold: {@code POST /api/v1/datasets} starts a build (202),
 * {@code GET} lists versions and serves one version's manifest, Croissant card and stable shard URLs,
 * {@code DELETE} removes a version. Tenant-scoped like every read: another tenant's dataset is a 404.
 */
@RestController
@Tag(name = "datasets")
public class DatasetController {

    private final DatasetVersions versions;
    private final DatasetBuilder builder;
    private final DatasetStorage storage;
    private final DatasetProperties properties;
    private final Presigner presigner;
    private final AuditLog audit;
    private final MeterRegistry meters;

    public DatasetController(
            DatasetVersions versions,
            DatasetBuilder builder,
            DatasetStorage storage,
            DatasetProperties properties,
            Presigner presigner,
            AuditLog audit,
            MeterRegistry meters) {
        this.versions = versions;
        this.builder = builder;
        this.storage = storage;
        this.properties = properties;
        this.presigner = presigner;
        this.audit = audit;
        this.meters = meters;
    }

    public record DatasetSummary(String name, long latestVersion, int versions) {}

    public record DatasetList(List<DatasetSummary> items) {}

    public record VersionList(String name, List<DatasetView> versions) {}

    @Operation(operationId = "createDatasetVersion", summary = "Build a new version of a dataset from gold")
    @ApiResponse(
            responseCode = "202",
            description = "the version, building",
            headers =
                    @Header(
                            name = "Location",
                            description = "/api/v1/datasets/{name}/versions/{version}",
                            schema = @Schema(type = "string")))
    @PostMapping("/api/v1/datasets")
    public ResponseEntity<DatasetView> create(Tenant tenant, @Valid @RequestBody DatasetRequest request) {
        ImageFilter filter = request.filter() == null ? ImageFilter.none() : request.filter();
        filter.validated();
        SplitRatios split = request.split() == null ? properties.split() : request.split();
        if (!split.sumsToOne()) {
            throw InvalidRequestException.of("split", "train, validation and test must be non-negative and sum to 1");
        }
        Document version =
                versions.create(tenant.id(), new DatasetRequest(request.name(), filter, split), builder.owner());
        audit.record(
                tenant.principal(),
                "dataset.create",
                null,
                Map.of("tenant", tenant.id(), "dataset", version.getString("_id")));
        meters.counter("lake.catalog.dataset.requests").increment();
        builder.submit(version);
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/datasets/" + request.name() + "/versions/" + version.getLong("version")))
                .body(view(version, false));
    }

    @Operation(operationId = "listDatasets", summary = "The tenant's datasets")
    @ApiResponse(responseCode = "200", description = "the datasets")
    @GetMapping("/api/v1/datasets")
    public DatasetList list(Tenant tenant) {
        Map<String, List<Document>> byName = new LinkedHashMap<>();
        for (Document v : versions.list(tenant.id(), null)) {
            byName.computeIfAbsent(v.getString("name"), n -> new ArrayList<>()).add(v);
        }
        return new DatasetList(byName.entrySet().stream()
                .map(e -> new DatasetSummary(
                        e.getKey(),
                        e.getValue().getLast().getLong("version"),
                        e.getValue().size()))
                .toList());
    }

    @Operation(operationId = "listDatasetVersions", summary = "A dataset's versions")
    @ApiResponse(responseCode = "200", description = "the versions")
    @ApiResponse(responseCode = "404", description = "no such dataset of this tenant")
    @GetMapping("/api/v1/datasets/{name}")
    public VersionList versions(Tenant tenant, @PathVariable String name) {
        List<Document> all = versions.list(tenant.id(), name);
        if (all.isEmpty()) {
            throw new NotFoundException("dataset " + name);
        }
        return new VersionList(name, all.stream().map(v -> view(v, false)).toList());
    }

    @Operation(
            operationId = "getDatasetVersion",
            summary = "One version, with presigned URLs of its shards and manifest once published")
    @ApiResponse(responseCode = "200", description = "the version")
    @ApiResponse(responseCode = "404", description = "no such version of this tenant")
    @GetMapping("/api/v1/datasets/{name}/versions/{version}")
    public DatasetView version(Tenant tenant, @PathVariable String name, @PathVariable long version) {
        return view(find(tenant, name, version), true);
    }

    /** The manifest as stored (JSON Lines): the same bytes every time for a version. */
    @Operation(
            operationId = "getDatasetManifest",
            summary = "A published version's manifest (JSON Lines, the same bytes every time)")
    @ApiResponse(
            responseCode = "200",
            description = "the manifest",
            headers = @Header(name = "ETag", description = "its SHA-256", schema = @Schema(type = "string")),
            content = @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "404", description = "no such version of this tenant")
    @ApiResponse(responseCode = "409", description = "the version is not published")
    @GetMapping(path = "/api/v1/datasets/{name}/versions/{version}/manifest", produces = "application/x-ndjson")
    public ResponseEntity<StreamingResponseBody> manifest(
            Tenant tenant, @PathVariable String name, @PathVariable long version) {
        return stored(published(tenant, name, version).get("manifest", Document.class), "application/x-ndjson");
    }

    /**
     * A stable address of one shard: 302 to a freshly presigned URL of it, so a link taken from the
     * version's listing or its card never expires. {@code shard} is the shard's index or its file name
     * ({@code train-000000.tar}, with or without {@code .tar}), so WebDataset's brace patterns work on it.
     * Follow the redirect without the {@code Authorization} header: the presigned URL is its own credential.
     */
    @Operation(
            operationId = "getDatasetShard",
            summary = "A published version's shard: a redirect to a fresh presigned URL of it")
    @ApiResponse(
            responseCode = "302",
            description = "the shard's presigned URL, valid for lake.catalog.presign-ttl",
            headers = @Header(name = "Location", description = "the presigned URL", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "404", description = "no such version or shard of this tenant")
    @ApiResponse(responseCode = "409", description = "the version is not published")
    @GetMapping("/api/v1/datasets/{name}/versions/{version}/shards/{shard}")
    public ResponseEntity<Void> shard(
            Tenant tenant, @PathVariable String name, @PathVariable long version, @PathVariable String shard) {
        Document doc = published(tenant, name, version);
        List<Document> shards = doc.getList("shards", Document.class, List.of());
        String wanted = shard.endsWith(".tar") ? shard : shard + ".tar";
        Document found = shards.stream()
                .filter(s -> shard.equals(String.valueOf(s.getInteger("index"))) || wanted.equals(shardName(s)))
                .findFirst()
                .orElseThrow(
                        () -> new NotFoundException("shard " + shard + " of dataset version " + name + "/v" + version));
        meters.counter("lake.catalog.dataset.shard.redirects").increment();
        return ResponseEntity.status(HttpStatus.FOUND)
                .location(URI.create(presigner.get(storage.bucket(), found.getString("key"))))
                .cacheControl(CacheControl.noStore())
                .build();
    }

    /** The version's dataset card: MLCommons Croissant 1.0, JSON-LD, written with the version. */
    @Operation(
            operationId = "getDatasetCard",
            summary = "A published version's dataset card (MLCommons Croissant 1.0, JSON-LD)")
    @ApiResponse(
            responseCode = "200",
            description = "the card",
            headers = @Header(name = "ETag", description = "its SHA-256", schema = @Schema(type = "string")),
            content = @Content(mediaType = "application/ld+json", schema = @Schema(type = "object")))
    @ApiResponse(responseCode = "404", description = "no such version of this tenant, or one built before cards")
    @ApiResponse(responseCode = "409", description = "the version is not published")
    @GetMapping(path = "/api/v1/datasets/{name}/versions/{version}/croissant", produces = "application/ld+json")
    public ResponseEntity<StreamingResponseBody> card(
            Tenant tenant, @PathVariable String name, @PathVariable long version) {
        Document card = published(tenant, name, version).get("card", Document.class);
        if (card == null) {
            throw new NotFoundException("the card of dataset version " + name + "/v" + version);
        }
        return stored(card, "application/ld+json");
    }

    /** Deletes a version's shards and manifest; its images are no longer held back from retention. */
    @Operation(operationId = "deleteDatasetVersion", summary = "Delete a version's shards and manifest")
    @ApiResponse(responseCode = "204", description = "deleted")
    @ApiResponse(responseCode = "404", description = "no such version of this tenant")
    @ApiResponse(responseCode = "409", description = "the version is still building")
    @DeleteMapping("/api/v1/datasets/{name}/versions/{version}")
    public ResponseEntity<Void> delete(Tenant tenant, @PathVariable String name, @PathVariable long version) {
        Document doc = find(tenant, name, version);
        if (!versions.markDeleted(doc.getString("_id"))) {
            throw new DatasetNotReadyException(doc.getString("_id"), doc.getString("state"));
        }
        for (Document shard : doc.getList("shards", Document.class, List.of())) {
            storage.delete(shard.getString("key"));
        }
        for (String file : List.of("manifest", "card")) {
            Document stored = doc.get(file, Document.class);
            if (stored != null) {
                storage.delete(stored.getString("key"));
            }
        }
        versions.release(doc);
        audit.record(
                tenant.principal(),
                "dataset.delete",
                null,
                Map.of("tenant", tenant.id(), "dataset", doc.getString("_id")));
        return ResponseEntity.noContent().build();
    }

    private Document find(Tenant tenant, String name, long version) {
        return versions.find(tenant.id(), name, version)
                .orElseThrow(() -> new NotFoundException("dataset version " + name + "/v" + version));
    }

    private Document published(Tenant tenant, String name, long version) {
        Document doc = find(tenant, name, version);
        if (!DatasetState.PUBLISHED.name().equals(doc.getString("state"))) {
            throw new DatasetNotReadyException(doc.getString("_id"), doc.getString("state"));
        }
        return doc;
    }

    /** A version's file as stored, streamed with its size and its SHA-256 as ETag: the same bytes every time. */
    private ResponseEntity<StreamingResponseBody> stored(Document file, String contentType) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(contentType))
                .contentLength(file.getLong("bytes"))
                .eTag("\"" + file.getString("sha256") + "\"")
                .body(out -> {
                    try (InputStream in = storage.open(file.getString("key"))) {
                        in.transferTo(out);
                    }
                });
    }

    /** A shard's file name: stored since shards are per split, else the last part of its key. */
    private static String shardName(Document shard) {
        String name = shard.getString("name");
        return name != null
                ? name
                : shard.getString("key").substring(shard.getString("key").lastIndexOf('/') + 1);
    }

    private DatasetView view(Document v, boolean withUrls) {
        boolean published = DatasetState.PUBLISHED.name().equals(v.getString("state"));
        boolean urls = withUrls && published;
        String base = CroissantCard.versionPath(v.getString("name"), v.getLong("version"));
        Document manifest = v.get("manifest", Document.class);
        Document card = v.get("card", Document.class);
        List<DatasetView.Shard> shards = v.getList("shards", Document.class, List.of()).stream()
                .map(s -> new DatasetView.Shard(
                        s.getInteger("index"),
                        shardName(s),
                        s.getString("split"),
                        s.getString("key"),
                        s.getInteger("images"),
                        s.getLong("bytes"),
                        s.getString("sha256"),
                        urls ? base + "/shards/" + shardName(s) : null))
                .toList();
        Document split = v.get("split", Document.class);
        Map<String, Double> splitView = new LinkedHashMap<>();
        split.forEach((k, val) -> splitView.put(k, ((Number) val).doubleValue()));
        return new DatasetView(
                v.getString("name"),
                v.getLong("version"),
                v.getString("state"),
                new LinkedHashMap<>(v.get("filter", Document.class)),
                splitView,
                v.getDate("created_at").toInstant(),
                v.getDate("published_at") == null
                        ? null
                        : v.getDate("published_at").toInstant(),
                v.getLong("images"),
                v.getLong("skipped"),
                v.getLong("bytes"),
                v.get("split_counts", Document.class) == null
                        ? null
                        : new LinkedHashMap<>(v.get("split_counts", Document.class)),
                manifest == null
                        ? null
                        : new DatasetView.Manifest(
                                manifest.getString("key"),
                                manifest.getLong("bytes"),
                                manifest.getString("sha256"),
                                urls ? base + "/manifest" : null),
                withUrls || published ? shards : null,
                card == null
                        ? null
                        : new DatasetView.Card(
                                card.getString("key"),
                                card.getLong("bytes"),
                                card.getString("sha256"),
                                urls ? base + "/croissant" : null),
                v.getString("error"));
    }
}
