package io.imagelake.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagelake.devstack.StackLayout;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed API description ({@code docs/openapi.json}, which the end-to-end test keeps equal
 * to what the running platform serves) and the gateway's routes describe the same API: every
 * documented operation reaches a route or the gateway's own handler, and every route serves some
 * documented operation. Evaluated with the gateway's real route predicates.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoutesAndApiDescriptionIT extends GatewayOnRealServers {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete", "head", "options");
    private static final List<Operation> DOCUMENTED = new ArrayList<>();

    record Operation(String method, String path) {
        /** A concrete request of the operation: each path variable filled with a sample segment. */
        MockServerWebExchange exchange() {
            return MockServerWebExchange.from(
                    MockServerHttpRequest.method(HttpMethod.valueOf(method), path.replaceAll("\\{[^}]+}", "sample-1"))
                            .build());
        }
    }

    @Autowired
    RouteLocator routes;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping ownHandlers;

    @BeforeAll
    static void readDescription() throws Exception {
        JsonNode doc = JsonMapper.builder()
                .build()
                .readTree(Files.readString(StackLayout.findRepo().resolve("docs/openapi.json")));
        for (var path : doc.get("paths").properties()) {
            for (var operation : path.getValue().properties()) {
                if (METHODS.contains(operation.getKey())) {
                    DOCUMENTED.add(new Operation(operation.getKey().toUpperCase(), path.getKey()));
                }
            }
        }
        assertThat(DOCUMENTED).as("the description names operations").hasSizeGreaterThan(10);
    }

    @Test
    void everyDocumentedOperationIsRoutedOrServedByTheGateway() {
        List<Route> all = routes.getRoutes().collectList().block();
        for (Operation op : DOCUMENTED) {
            boolean routed = all.stream().anyMatch(route -> matches(route, op));
            boolean own = ownHandlers.getHandler(op.exchange()).hasElement().block();
            assertThat(routed || own)
                    .as(op + " is documented but neither routed nor served by the gateway")
                    .isTrue();
        }
    }

    @Test
    void everyRouteServesADocumentedOperation() {
        for (Route route : routes.getRoutes().collectList().block()) {
            assertThat(DOCUMENTED.stream().anyMatch(op -> matches(route, op)))
                    .as("route " + route.getId() + " leads to no documented operation")
                    .isTrue();
        }
    }

    private static boolean matches(Route route, Operation op) {
        return Boolean.TRUE.equals(
                Mono.from(route.getPredicate().apply(op.exchange())).block());
    }
}
