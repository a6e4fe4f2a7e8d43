package io.imagelake.ingest.staged;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * tus 1.0 wants {@code Tus-Resumable} on every answer but OPTIONS', errors included, and {@code Tus-Version} on the
 * 412 to a client of another version: set before the request is handled, so no handler or error path can miss it.
 */
@Component
class TusResumableHeader extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.equals(TusController.PATH) || path.startsWith(TusController.PATH + "/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"OPTIONS".equals(request.getMethod())) {
            response.setHeader(TusHeaders.RESUMABLE, TusHeaders.VERSION);
            if (!TusHeaders.VERSION.equals(request.getHeader(TusHeaders.RESUMABLE))) {
                response.setHeader(TusHeaders.TUS_VERSION, TusHeaders.VERSION);
            }
        }
        chain.doFilter(request, response);
    }
}
