package io.imagelake.gateway.identity;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Who is calling, once the gateway has verified it: the credential ({@code key:<id>} or
 * {@code oidc:<subject>}), the tenant it acts for and its scopes (authorities {@code SCOPE_<scope>}).
 */
public final class LakeCaller extends AbstractAuthenticationToken {

    private final String subject;
    private final String tenant;
    private final List<String> scopes;

    public LakeCaller(String subject, String tenant, List<String> scopes) {
        super(scopes.stream()
                .map(scope -> new SimpleGrantedAuthority("SCOPE_" + scope))
                .toList());
        this.subject = subject;
        this.tenant = tenant;
        this.scopes = List.copyOf(scopes);
        setAuthenticated(true);
    }

    public String subject() {
        return subject;
    }

    public String tenant() {
        return tenant;
    }

    public List<String> scopes() {
        return scopes;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return subject;
    }
}
