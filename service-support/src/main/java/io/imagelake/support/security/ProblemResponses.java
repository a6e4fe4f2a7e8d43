package io.imagelake.support.security;

import io.imagelake.support.web.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as RFC 9457 problem+json ({@code unauthenticated}, {@code forbidden}), as every other
 * error of the lake. Spring Security answers these before any controller runs, so the problem
 * handler cannot.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer");
        write(
                response,
                request,
                401,
                "unauthenticated",
                "Unauthenticated",
                "a valid bearer credential is required (an API key through the gateway)");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(response, request, 403, "forbidden", "Forbidden", "the credential lacks the scope this operation needs");
    }

    private static void write(
            HttpServletResponse response,
            HttpServletRequest request,
            int status,
            String slug,
            String title,
            String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(ProblemTypes.json(status, slug, title, detail, request.getRequestURI()));
    }
}
