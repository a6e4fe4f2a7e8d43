package io.imagelake.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiDocumentMergerTest {

    private static OpenAPI part(String json) throws Exception {
        return Json31.mapper().readValue(json, OpenAPI.class);
    }

    private static final String INGEST = """
            {"openapi": "3.1.0", "paths": {"/api/v1/images": {"post": {"operationId": "uploadImage", "summary": "s",
              "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object"}}}},
              "responses": {"201": {"description": "stored"}, "413": {"description": "too large"}}}}},
             "components": {"schemas": {"Receipt": {"type": "object", "properties": {"imageId": {"type": "string"}}}}}}
            """;
    private static final String CATALOG = """
            {"openapi": "3.1.0", "paths": {"/api/v1/images": {"get": {"operationId": "listImages", "summary": "s",
              "responses": {"200": {"description": "a page"}}}},
              "/api/v1/images/{imageId}": {"delete": {"operationId": "eraseImage", "summary": "s",
              "parameters": [{"in": "path", "name": "imageId", "required": true, "schema": {"type": "string"}}],
              "responses": {"204": {"description": "erased"}}}}},
             "components": {"schemas": {"Receipt": {"type": "object", "properties": {"imageId": {"type": "string"}}}}}}
            """;

    @Test
    void operationsOfOnePathFromTwoServicesBecomeOnePathItem() throws Exception {
        OpenAPI merged = ApiDocumentMerger.merge(
                List.of(
                        new ApiDocumentMerger.Part("ingest", part(INGEST)),
                        new ApiDocumentMerger.Part("catalog", part(CATALOG))),
                false);

        assertThat(merged.getOpenapi()).isEqualTo("3.1.0");
        assertThat(merged.getPaths().get("/api/v1/images").getPost().getOperationId())
                .isEqualTo("uploadImage");
        assertThat(merged.getPaths().get("/api/v1/images").getGet().getOperationId())
                .isEqualTo("listImages");
        assertThat(merged.getComponents().getSchemas()).containsKeys("Receipt", "Problem");
    }

    @Test
    void eachOperationNamesTheScopeTheSecurityChainsEnforceAndTheErrorsAllShare() throws Exception {
        OpenAPI merged = ApiDocumentMerger.merge(
                List.of(
                        new ApiDocumentMerger.Part("ingest", part(INGEST)),
                        new ApiDocumentMerger.Part("catalog", part(CATALOG))),
                true);

        Operation erase = merged.getPaths().get("/api/v1/images/{imageId}").getDelete();
        assertThat(erase.getSecurity()).hasSize(2);
        assertThat(erase.getSecurity().get(0).get("apiKey")).containsExactly("images:delete");
        assertThat(erase.getSecurity().get(1).get("oidc")).containsExactly("images:delete");
        assertThat(erase.getResponses()).containsKeys("204", "400", "401", "403", "429", "503");
        assertThat(erase.getResponses().get("403").getDescription()).contains("images:delete");
        Operation upload = merged.getPaths().get("/api/v1/images").getPost();
        assertThat(upload.getSecurity().getFirst().get("apiKey")).containsExactly("images:write");
        assertThat(upload.getResponses().get("413").getContent()).containsKey("application/problem+json");
        assertThat(upload.getResponses().get("429").getHeaders())
                .containsKeys("Retry-After", "RateLimit", "RateLimit-Policy");
        assertThat(merged.getComponents().getSecuritySchemes()).containsOnlyKeys("apiKey", "oidc");
    }

    @Test
    void withoutAnIdentityProviderOnlyApiKeysAreDescribed() throws Exception {
        OpenAPI merged = ApiDocumentMerger.merge(List.of(new ApiDocumentMerger.Part("ingest", part(INGEST))), false);

        assertThat(merged.getComponents().getSecuritySchemes()).containsOnlyKeys("apiKey");
        assertThat(merged.getPaths().get("/api/v1/images").getPost().getSecurity())
                .hasSize(1);
    }

    @Test
    void anOperationDescribedByTwoServicesIsAnError() throws Exception {
        assertThatThrownBy(() -> ApiDocumentMerger.merge(
                        List.of(
                                new ApiDocumentMerger.Part("ingest", part(INGEST)),
                                new ApiDocumentMerger.Part("other", part(INGEST))),
                        false))
                .hasMessageContaining("POST /api/v1/images is described by two services");
    }

    @Test
    void twoDifferentSchemasOfOneNameAreAnError() throws Exception {
        String other = CATALOG.replace("\"imageId\": {\"type\": \"string\"}", "\"id\": {\"type\": \"integer\"}");
        assertThatThrownBy(() -> ApiDocumentMerger.merge(
                        List.of(
                                new ApiDocumentMerger.Part("ingest", part(INGEST)),
                                new ApiDocumentMerger.Part("catalog", part(other))),
                        false))
                .hasMessageContaining("schema Receipt of catalog differs");
    }

    @Test
    void scopesFollowTheRulesTable() {
        assertThat(ApiDocumentMerger.scopeOf("GET", "/api/v1/imports/{jobId}")).isEqualTo("images:write");
        assertThat(ApiDocumentMerger.scopeOf("DELETE", "/api/v1/datasets/{name}/versions/{version}"))
                .isEqualTo("datasets:write");
        assertThat(ApiDocumentMerger.scopeOf("POST", "/api/v1/admin/keys")).isEqualTo("admin");
        assertThat(ApiDocumentMerger.scopeOf("GET", "/api/v1/nothing")).isNull();
    }
}
