package io.imagelake.gateway.docs;

import io.imagelake.contracts.Scopes;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Makes the one public API description from the parts each service describes (springdoc), as
 * clients see it through the gateway: the paths of all parts, the security schemes clients use,
 * each operation's scope from {@link Scopes#RULES} (the table the gateway and the services
 * enforce), and the answers every operation shares (401, 403, 429, 503, problem+json). A pure
 * function, so the merge rules are tested without servers.
 */
public final class ApiDocumentMerger {

    public static final String API_KEY_SCHEME = "apiKey";
    public static final String OIDC_SCHEME = "oidc";
    static final String PROBLEM = "Problem";
    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;
    private static final String PROBLEM_JSON = "application/problem+json";

    /** One service's part, named for error messages. */
    public record Part(String source, OpenAPI document) {}

    private ApiDocumentMerger() {}

    public static OpenAPI merge(List<Part> parts, boolean oidcConfigured) {
        OpenAPI merged = new OpenAPI(SpecVersion.V31)
                .openapi("3.1.0")
                .info(
                        new Info()
                                .title("ImageLake API")
                                .version("v1")
                                .description(
                                        "The public API of ImageLake, through its gateway. Every operation needs a credential: "
                                                + "an API key (`Authorization: Bearer lk_<id>_<secret>`)"
                                                + (oidcConfigured
                                                        ? " or a bearer JWT of the configured identity provider"
                                                        : "")
                                                + "; each names the scope it needs. Errors are RFC 9457 problem+json with a stable `type`."))
                .components(new Components().schemas(new TreeMap<>()).securitySchemes(securitySchemes(oidcConfigured)));
        Map<String, PathItem> paths = new TreeMap<>();
        Map<String, Tag> tags = new TreeMap<>();
        for (Part part : parts) {
            OpenAPI doc = part.document();
            if (doc.getPaths() != null) {
                doc.getPaths().forEach((path, item) -> mergePath(paths, path, item, part.source()));
            }
            if (doc.getComponents() != null && doc.getComponents().getSchemas() != null) {
                doc.getComponents()
                        .getSchemas()
                        .forEach((name, schema) -> mergeSchema(merged, name, schema, part.source()));
            }
            if (doc.getTags() != null) {
                doc.getTags().forEach(tag -> tags.putIfAbsent(tag.getName(), tag));
            }
        }
        merged.getComponents().addSchemas(PROBLEM, problemSchema());
        paths.forEach((path, item) ->
                item.readOperationsMap().forEach((method, op) -> complete(path, method.name(), op, oidcConfigured)));
        Paths result = new Paths();
        paths.forEach(result::addPathItem);
        merged.paths(result);
        if (!tags.isEmpty()) {
            merged.tags(new ArrayList<>(tags.values()));
        }
        return merged;
    }

    /** The scope of an operation, the first rule that matches as the security chains match. */
    public static String scopeOf(String method, String path) {
        PathContainer concrete = PathContainer.parsePath(path.replaceAll("\\{[^}]+}", "x"));
        for (Scopes.Rule rule : Scopes.RULES) {
            if ((rule.method() == null || rule.method().equals(method))
                    && PathPatternParser.defaultInstance.parse(rule.pattern()).matches(concrete)) {
                return rule.scope();
            }
        }
        return null;
    }

    private static void mergePath(Map<String, PathItem> paths, String path, PathItem item, String source) {
        PathItem into = paths.computeIfAbsent(path, p -> new PathItem());
        item.readOperationsMap().forEach((method, op) -> {
            if (into.readOperationsMap().containsKey(method)) {
                throw new IllegalStateException(
                        method + " " + path + " is described by two services (again by " + source + ")");
            }
            into.operation(method, op);
        });
        if (item.getParameters() != null) {
            item.getParameters().forEach(into::addParametersItem);
        }
    }

    private static void mergeSchema(OpenAPI merged, String name, Schema<?> schema, String source) {
        Map<String, Schema> schemas = merged.getComponents().getSchemas();
        Schema<?> known = schemas.get(name);
        if (known != null && !known.equals(schema)) {
            throw new IllegalStateException(
                    "schema " + name + " of " + source + " differs from another service's: rename one");
        }
        schemas.put(name, schema);
    }

    private static void complete(String path, String method, Operation op, boolean oidc) {
        ApiResponses responses = op.getResponses() == null ? new ApiResponses() : op.getResponses();
        String scope = scopeOf(method, path);
        if (scope != null) {
            op.setSecurity(new ArrayList<>(List.of(new SecurityRequirement().addList(API_KEY_SCHEME, scope))));
            if (oidc) {
                op.addSecurityItem(new SecurityRequirement().addList(OIDC_SCHEME, scope));
            }
            responses.putIfAbsent(
                    "401", problem("no credential, or one that is not valid (unknown, revoked, expired, forged)"));
            responses.putIfAbsent("403", problem("the credential lacks the scope `" + scope + "`"));
        }
        boolean takesInput =
                (op.getParameters() != null && !op.getParameters().isEmpty()) || op.getRequestBody() != null;
        if (takesInput) {
            responses.putIfAbsent("400", problem("a parameter or the body is not valid (`errors` names each field)"));
        }
        responses.putIfAbsent(
                "429",
                problem("over the rate limit of the credential or the tenant")
                        .addHeaderObject("Retry-After", header("seconds until a request is allowed again"))
                        .addHeaderObject("RateLimit", header("the remaining quota (IETF draft)"))
                        .addHeaderObject("RateLimit-Policy", header("the quota policy (IETF draft)")));
        responses.putIfAbsent(
                "503",
                problem("a dependency is unavailable; retry after the time given")
                        .addHeaderObject("Retry-After", header("seconds")));
        responses.forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                if (response.getContent() == null || response.getContent().isEmpty()) {
                    response.content(problemContent());
                }
            }
        });
        op.setResponses(sorted(responses));
    }

    private static ApiResponses sorted(ApiResponses responses) {
        ApiResponses sorted = new ApiResponses();
        new TreeMap<>(responses).forEach(sorted::addApiResponse);
        return sorted;
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(problemContent());
    }

    private static Content problemContent() {
        return new Content()
                .addMediaType(PROBLEM_JSON, new MediaType().schema(schema("{\"$ref\": \"" + PROBLEM_REF + "\"}")));
    }

    private static Header header(String description) {
        return new Header().description(description).schema(schema("{\"type\": \"string\"}"));
    }

    private static Map<String, SecurityScheme> securitySchemes(boolean oidc) {
        Map<String, SecurityScheme> schemes = new LinkedHashMap<>();
        schemes.put(
                API_KEY_SCHEME,
                new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("lk_<id>_<secret>")
                        .description(
                                "An ImageLake API key (`./lake keys create --tenant <t>`, or POST /api/v1/admin/keys)."));
        if (oidc) {
            schemes.put(
                    OIDC_SCHEME,
                    new SecurityScheme()
                            .type(SecurityScheme.Type.HTTP)
                            .scheme("bearer")
                            .bearerFormat("JWT")
                            .description(
                                    "An access token of the configured OpenID Connect provider; the tenant is read from the "
                                            + "configured claim, the permissions from its scopes."));
        }
        return schemes;
    }

    private static Schema<?> problemSchema() {
        return schema("""
                {"type": "object", "description": "RFC 9457 problem details", "required": ["type", "title", "status"],
                 "properties": {
                   "type": {"type": "string", "format": "uri", "description": "stable per kind of error"},
                   "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"},
                   "instance": {"type": "string"},
                   "errors": {"type": "array", "description": "each invalid field",
                              "items": {"type": "object", "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}}}}
                """);
    }

    /** Schemas are read as OpenAPI 3.1 JSON Schema, as the parts are: the 3.0 model classes would lose their type. */
    private static Schema<?> schema(String json) {
        try {
            return Json31.mapper().readValue(json, Schema.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
