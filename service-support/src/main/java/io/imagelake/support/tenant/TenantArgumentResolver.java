package io.imagelake.support.tenant;

import io.imagelake.contracts.InternalTokens;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves a {@link Tenant} controller parameter from the verified internal token's tenant claim
 * (never from a header: the gateway drops any client-sent {@code X-Customer-Id}).
 */
public class TenantArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return Tenant.class.equals(parameter.getParameterType());
    }

    @Override
    public Tenant resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory) {
        return current();
    }

    /** The tenant of the request being served; 401 when it carries no verified token. */
    public static Tenant current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            return new Tenant(
                    token.getToken().getClaimAsString(InternalTokens.TENANT_CLAIM),
                    token.getToken().getSubject());
        }
        throw new MissingTenantException();
    }
}
