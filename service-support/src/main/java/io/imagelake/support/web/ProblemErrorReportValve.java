package io.imagelake.support.web;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * What Tomcat answers itself, before Spring sees the request (an encoded slash or traversal in a
 * path, a malformed request target), as problem+json with the lake's types instead of Tomcat's
 * HTML page. Errors Spring already rendered pass untouched (their body is written).
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String slug = ProblemTypes.forStatusOrGeneric(status);
        String json = ProblemTypes.json(
                status,
                slug,
                status >= 500 ? "Internal error" : "Bad request",
                "the server refused the request before it reached the API",
                null);
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot take a body: the status stands
        }
    }
}
