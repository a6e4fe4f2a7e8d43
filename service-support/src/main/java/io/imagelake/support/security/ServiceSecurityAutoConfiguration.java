package io.imagelake.support.security;

import io.imagelake.contracts.InternalTokens;
import io.imagelake.contracts.Scopes;
import io.imagelake.support.tenant.Tenant;
import java.time.Clock;
import java.util.function.Predicate;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every servlet service is an OAuth2 resource server of the gateway's internal tokens (Spring
 * Security): RS256 only, issuer and audience checked, the tenant claim a valid {@link Tenant}, and
 * each operation's scope from {@link Scopes#RULES}. A request without a valid token gets 401, one
 * without the scope 403, both as problem+json. Health, metrics, the OpenAPI document and the
 * operators' actuator endpoints stay open on the service port, which the gateway never routes.
 */
@AutoConfiguration(
        beforeName = {
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SecurityFilterChain.class, NimbusJwtDecoder.class})
@EnableWebSecurity
@EnableConfigurationProperties(InternalTokenProperties.class)
public class ServiceSecurityAutoConfiguration {

    @Bean
    JwtDecoder lakeInternalTokenDecoder(InternalTokenProperties properties, Clock clock) {
        if (properties.jwksUri() == null || properties.jwksUri().isBlank()) {
            throw new IllegalStateException(
                    "lake.security.internal.jwks-uri (LAKE_SECURITY_INTERNAL_JWKS_URI) must name the gateway's "
                            + "JWKS: a service verifies every caller and trusts no header");
        }
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwksUri())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(InternalTokens.ISSUER),
                claim(
                        "the token is not for ImageLake",
                        jwt -> jwt.getAudience() != null && jwt.getAudience().contains(InternalTokens.AUDIENCE)),
                claim(
                        "the token names no valid tenant",
                        jwt -> Tenant.isValid(jwt.getClaimAsString(InternalTokens.TENANT_CLAIM)))));
        return new VerifiedTokens(decoder, clock, properties.verifiedTokensCached());
    }

    @Bean
    SecurityFilterChain lakeSecurityFilterChain(HttpSecurity http, JwtDecoder decoder) throws Exception {
        ProblemResponses problems = new ProblemResponses();
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> {
                    // the service's part of the API description is public (the gateway aggregates it)
                    requests.requestMatchers("/actuator/**", "/error", "/v3/api-docs", "/v3/api-docs/**")
                            .permitAll();
                    for (Scopes.Rule rule : Scopes.RULES) {
                        String authority = "SCOPE_" + rule.scope();
                        if (rule.method() == null) {
                            requests.requestMatchers(rule.pattern()).hasAuthority(authority);
                        } else {
                            requests.requestMatchers(HttpMethod.valueOf(rule.method()), rule.pattern())
                                    .hasAuthority(authority);
                        }
                    }
                    requests.anyRequest().authenticated();
                })
                .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.decoder(decoder))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }

    private static OAuth2TokenValidator<Jwt> claim(String failure, Predicate<Jwt> holds) {
        return jwt -> holds.test(jwt)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", failure, null));
    }
}
