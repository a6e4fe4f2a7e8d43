package io.imagelake.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A client of a server-sent-events stream, as an app's {@code EventSource} reads one: events are
 * read one by one as they arrive; comments (keep-alives) are passed over.
 */
public final class ServerSentEvents implements AutoCloseable {

    /** One event: its name ({@code message} when unnamed), its id and its data lines joined. */
    public record Event(String name, String id, String data) {}

    private final HttpResponse<InputStream> response;
    private final BufferedReader reader;

    private ServerSentEvents(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    /** Sends {@code request} and keeps its answer open as a stream, whatever its status. */
    public static ServerSentEvents open(HttpClient http, HttpRequest request) {
        try {
            return new ServerSentEvents(http.send(request, HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    /** The next event; blocks until it comes (a request timeout, or the stream's end, fails it). */
    public Event next() {
        String name = "message";
        String id = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        return new Event(name, id, data.toString());
                    }
                    name = "message";
                    continue;
                }
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("the stream ended");
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
