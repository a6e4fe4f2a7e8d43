package io.imagelake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.contracts.Scopes;
import io.imagelake.devstack.StackLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Keycloak realm docker-compose imports ({@code deploy/keycloak/imagelake-realm.json}) gives the
 * lake's clients what the gateway accepts: the lake's scopes, the tenant claim and the audience the
 * gateway checks, the issuer it is configured with. No test runs Keycloak (no Docker here): the
 * realm is checked as the data Keycloak imports, against the gateway's configuration in compose.
 */
class KeycloakRealmTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Path repo = StackLayout.findRepo();
    private final JsonNode realm = read();

    private JsonNode read() {
        return JSON.readTree(
                repo.resolve("deploy/keycloak/imagelake-realm.json").toFile());
    }

    private JsonNode client(String id) {
        return stream(realm.get("clients"))
                .filter(c -> id.equals(c.get("clientId").asString()))
                .findFirst()
                .orElseThrow();
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    @Test
    void theMobileAppIsAPublicClientWithPkceAndNoPasswordGrant() {
        JsonNode app = client("mobile-app");
        assertThat(app.get("publicClient").asBoolean()).isTrue();
        assertThat(app.get("standardFlowEnabled").asBoolean()).isTrue();
        assertThat(app.get("directAccessGrantsEnabled").asBoolean()).isFalse();
        assertThat(app.get("implicitFlowEnabled").asBoolean()).isFalse();
        assertThat(app.at("/attributes/pkce.code.challenge.method").asString()).isEqualTo("S256");
        assertThat(stream(app.get("defaultClientScopes")).map(JsonNode::asString))
                .contains("images:write", "imagelake-tenant");
    }

    @Test
    void theTrainerUsesClientCredentialsAndItsServiceAccountNamesATenant() {
        JsonNode trainer = client("trainer");
        assertThat(trainer.get("publicClient").asBoolean()).isFalse();
        assertThat(trainer.get("serviceAccountsEnabled").asBoolean()).isTrue();
        assertThat(trainer.get("standardFlowEnabled").asBoolean()).isFalse();
        assertThat(trainer.get("secret").asString()).as("no secret in the file").startsWith("${");
        assertThat(stream(trainer.get("defaultClientScopes")).map(JsonNode::asString))
                .contains("images:read", "imagelake-tenant");
        JsonNode account = stream(realm.get("users"))
                .filter(u -> u.has("serviceAccountClientId"))
                .findFirst()
                .orElseThrow();
        assertThat(account.get("serviceAccountClientId").asString()).isEqualTo("trainer");
        assertThat(account.at("/attributes/tenant/0").asString()).isNotBlank();
    }

    @Test
    void everyScopeOfTheRealmIsOneOfTheLakeAndEveryTenantScopeIsOffered() {
        Set<String> lakeScopes = new HashSet<>();
        stream(realm.get("clientScopes"))
                .map(s -> s.get("name").asString())
                .filter(name -> !name.equals("imagelake-tenant"))
                .forEach(lakeScopes::add);
        assertThat(lakeScopes)
                .containsExactlyInAnyOrderElementsOf(Scopes.TENANT)
                .doesNotContain(Scopes.ADMIN);
        Set<String> used = new HashSet<>();
        stream(realm.get("clients")).forEach(c -> {
            stream(c.get("defaultClientScopes")).map(JsonNode::asString).forEach(used::add);
            stream(c.get("optionalClientScopes")).map(JsonNode::asString).forEach(used::add);
        });
        assertThat(lakeScopes)
                .as("scopes of some client")
                .allSatisfy(s -> assertThat(used).contains(s));
        assertThat(used)
                .as("every client scope is defined")
                .allSatisfy(s -> assertThat(lakeScopes.contains(s) || s.equals("imagelake-tenant"))
                        .as(s)
                        .isTrue());
    }

    @Test
    void tokensCarryTheTenantClaimAndAudienceAndTheIssuerTheGatewayChecks() throws IOException {
        JsonNode mappers = stream(realm.get("clientScopes"))
                .filter(s -> s.get("name").asString().equals("imagelake-tenant"))
                .findFirst()
                .orElseThrow()
                .get("protocolMappers");
        JsonNode tenant = stream(mappers)
                .filter(m -> m.get("protocolMapper").asString().equals("oidc-usermodel-attribute-mapper"))
                .findFirst()
                .orElseThrow();
        JsonNode audience = stream(mappers)
                .filter(m -> m.get("protocolMapper").asString().equals("oidc-audience-mapper"))
                .findFirst()
                .orElseThrow();
        Map<String, Object> gateway = environment("gateway");
        Map<String, Object> keycloak = environment("keycloak");

        // the gateway's default tenant claim (lake.security.oidc.tenant-claim) is "tenant"
        assertThat(tenant.at("/config/claim.name").asString()).isEqualTo("tenant");
        assertThat(tenant.at("/config/access.token.claim").asString()).isEqualTo("true");
        assertThat(audience.at("/config/included.custom.audience").asString())
                .isEqualTo(gateway.get("LAKE_SECURITY_OIDC_AUDIENCE"));
        assertThat(gateway.get("LAKE_SECURITY_OIDC_ISSUER"))
                .isEqualTo(keycloak.get("KC_HOSTNAME") + "/realms/"
                        + realm.get("realm").asString());
        assertThat(String.valueOf(gateway.get("LAKE_SECURITY_OIDC_JWKS_URI")))
                .contains("/realms/imagelake/protocol/openid-connect/certs");
    }

    @Test
    void onlyAnAdministratorSetsAUsersTenant() {
        JsonNode profile = JSON.readTree(
                realm.at("/components/org.keycloak.userprofile.UserProfileProvider/0/config/kc.user.profile.config/0")
                        .asString());
        JsonNode tenant = stream(profile.get("attributes"))
                .filter(a -> a.get("name").asString().equals("tenant"))
                .findFirst()
                .orElseThrow();
        assertThat(stream(tenant.at("/permissions/edit")).map(JsonNode::asString))
                .containsExactly("admin");
    }

    @Test
    void everyPlaceholderOfTheRealmIsSetOnKeycloakInCompose() throws IOException {
        Matcher m = Pattern.compile("\\$\\{([A-Z_]+)}")
                .matcher(Files.readString(repo.resolve("deploy/keycloak/imagelake-realm.json")));
        Set<String> placeholders = new HashSet<>();
        while (m.find()) {
            placeholders.add(m.group(1));
        }
        assertThat(placeholders).isNotEmpty();
        assertThat(environment("keycloak").keySet()).containsAll(placeholders);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> environment(String service) throws IOException {
        Map<String, Object> compose =
                new Yaml(new LoaderOptions()).load(Files.readString(repo.resolve("docker-compose.yml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        return (Map<String, Object>) ((Map<String, Object>) services.get(service)).get("environment");
    }
}
