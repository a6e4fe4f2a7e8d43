package io.imagelake.gateway.identity;

import io.imagelake.contracts.InternalTokens;
import io.imagelake.contracts.Scopes;
import io.imagelake.gateway.problems.Problems;
import io.imagelake.support.tenant.Tenant;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The front door (Spring Security, WebFlux). A caller presents {@code Authorization: Bearer} with
 * an API key ({@code lk_...}) or, where an external identity provider is configured, its JWT. The
 * gateway verifies it, checks the operation's scope ({@link Scopes#RULES}, the table the services
 * check too) and forwards the request with an internal token instead ({@link InternalTokenRelay}).
 * No credential, or a bad one: 401; a missing scope: 403; both problem+json.
 */
@Configuration
@EnableWebFluxSecurity
public class GatewaySecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GatewaySecurityConfiguration.class);

    @Bean
    SecurityWebFilterChain lakeGatewaySecurity(
            ServerHttpSecurity http,
            ReactiveAuthenticationManager callers,
            IdentityProperties properties,
            MeterRegistry meters) {
        AuthenticationWebFilter bearer = new AuthenticationWebFilter(callers);
        boolean trusted = properties.mode() == IdentityProperties.Mode.TRUSTED_HEADER;
        if (trusted) {
            log.error(
                    "lake.security.mode=trusted-header: ANY CLIENT IS ANY TENANT (X-Customer-Id is believed, no credential "
                            + "is checked). For measuring what identity costs only; never expose this gateway.");
        }
        meters.gauge("lake.gateway.trusted_header_mode", trusted ? 1 : 0);
        bearer.setServerAuthenticationConverter(
                trusted ? GatewaySecurityConfiguration::trustedHeader : GatewaySecurityConfiguration::bearer);
        bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        bearer.setAuthenticationFailureHandler(
                new ServerAuthenticationEntryPointFailureHandler(GatewaySecurityConfiguration::unauthenticated));
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
                .authorizeExchange(exchanges -> {
                    exchanges
                            .pathMatchers(
                                    "/actuator/health",
                                    "/actuator/health/**",
                                    "/actuator/prometheus",
                                    "/actuator/info",
                                    InternalTokens.JWKS_PATH)
                            .permitAll();
                    // the API description and Swagger UI are public: they hold no tenant's data
                    exchanges
                            .pathMatchers(
                                    HttpMethod.GET,
                                    "/v3/api-docs",
                                    "/v3/api-docs/**",
                                    "/swagger-ui",
                                    "/swagger-ui/**",
                                    "/webjars/swagger-ui/**")
                            .permitAll();
                    for (Scopes.Rule rule : Scopes.RULES) {
                        String authority = "SCOPE_" + rule.scope();
                        if (rule.method() == null) {
                            exchanges.pathMatchers(rule.pattern()).hasAuthority(authority);
                        } else {
                            exchanges
                                    .pathMatchers(HttpMethod.valueOf(rule.method()), rule.pattern())
                                    .hasAuthority(authority);
                        }
                    }
                    exchanges.pathMatchers("/api/**").authenticated();
                    exchanges.anyExchange().denyAll();
                })
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(GatewaySecurityConfiguration::unauthenticated)
                                .accessDeniedHandler((exchange, denied) -> Problems.write(
                                        exchange,
                                        HttpStatus.FORBIDDEN,
                                        "forbidden",
                                        "Forbidden",
                                        "the credential lacks the scope this operation needs")))
                .build();
    }

    /**
     * A request Spring Security's firewall refuses (a method such as TRACE, an encoded path
     * traversal) is 400 problem+json too, not an empty answer.
     */
    @Bean
    ServerExchangeRejectedHandler lakeRejectedExchanges() {
        return (exchange, rejected) -> Problems.write(
                exchange,
                HttpStatus.BAD_REQUEST,
                "bad-request",
                "Bad Request",
                "the request was refused: " + rejected.getMessage());
    }

    /** API keys first; then, if configured, the external identity provider's JWTs. */
    @Bean
    ReactiveAuthenticationManager lakeCallers(ApiKeys keys, IdentityProperties properties) {
        if (properties.mode() == IdentityProperties.Mode.TRUSTED_HEADER) {
            return authentication -> Tenant.isValid((String) authentication.getCredentials())
                    ? Mono.just(new LakeCaller(
                            "header:" + authentication.getCredentials(),
                            (String) authentication.getCredentials(),
                            Scopes.TENANT))
                    : Mono.error(new BadCredentialsException("no valid X-Customer-Id"));
        }
        ReactiveJwtDecoder oidc = properties.oidc().enabled() ? oidcDecoder(properties.oidc()) : null;
        return authentication -> {
            String token = (String) authentication.getCredentials();
            Mono<LakeCaller> caller = ApiKeys.looksLikeKey(token)
                    ? keys.verify(token)
                    : oidc == null
                            ? Mono.empty()
                            : oidc.decode(token)
                                    .map(jwt -> fromOidc(jwt, properties.oidc()))
                                    .onErrorResume(e -> Mono.empty())
                                    .flatMap(Mono::justOrEmpty);
            return caller.cast(Authentication.class)
                    // a supplier: built only for a refused credential (an exception made eagerly filled in its deep
                    // reactive stack trace on every request: 8,719 of them in a 2-minute run of
                    // bench/gateway-throughput.sh)
                    .switchIfEmpty(Mono.error(() -> new BadCredentialsException("invalid credential")));
        };
    }

    private static ReactiveJwtDecoder oidcDecoder(IdentityProperties.Oidc oidc) {
        NimbusReactiveJwtDecoder decoder =
                NimbusReactiveJwtDecoder.withJwkSetUri(oidc.jwksUri()).build();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(
                oidc.issuer() != null && !oidc.issuer().isBlank()
                        ? JwtValidators.createDefaultWithIssuer(oidc.issuer())
                        : JwtValidators.createDefault());
        if (oidc.audience() != null && !oidc.audience().isBlank()) {
            // a token the provider issued for another application is not one for the lake
            validators.add(new JwtClaimValidator<List<String>>(
                    JwtClaimNames.AUD, aud -> aud != null && aud.contains(oidc.audience())));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    /**
     * An identity provider's token: the tenant from the configured claim, the lake's scopes among its {@code scope}
     * claim.
     */
    private static Optional<LakeCaller> fromOidc(Jwt jwt, IdentityProperties.Oidc oidc) {
        String tenant = jwt.getClaimAsString(oidc.tenantClaim());
        String scope = jwt.getClaimAsString("scope");
        if (!Tenant.isValid(tenant) || jwt.getSubject() == null) {
            return Optional.empty();
        }
        List<String> scopes = scope == null
                ? List.of()
                : Arrays.stream(scope.split(" ")).filter(Scopes::isKnown).toList();
        return Optional.of(new LakeCaller("oidc:" + jwt.getSubject(), tenant, scopes));
    }

    /**
     * The bearer credential, if any: a request without one goes on unauthenticated (and is refused where it must not).
     */
    private static Mono<Authentication> bearer(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            return Mono.empty();
        }
        return Mono.just(new BearerCredential(header.substring(7).strip()));
    }

    /** trusted-header mode: the tenant a client names is taken as it is (benchmarks only). */
    private static Mono<Authentication> trustedHeader(ServerWebExchange exchange) {
        String tenant = exchange.getRequest().getHeaders().getFirst("X-Customer-Id");
        return tenant == null ? Mono.empty() : Mono.just(new BearerCredential(tenant));
    }

    private static Mono<Void> unauthenticated(ServerWebExchange exchange, AuthenticationException e) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return Problems.write(
                exchange,
                HttpStatus.UNAUTHORIZED,
                "unauthenticated",
                "Unauthenticated",
                "a valid credential is required: Authorization: Bearer <API key>");
    }

    /** A presented, not yet verified, bearer credential. */
    static final class BearerCredential extends AbstractAuthenticationToken {

        private final String token;

        BearerCredential(String token) {
            super(List.of());
            this.token = token;
        }

        @Override
        public Object getCredentials() {
            return token;
        }

        @Override
        public Object getPrincipal() {
            return "bearer";
        }
    }
}
