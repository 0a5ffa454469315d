package dev.odoostack.engine;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When up on a swarm takes the stack's URL as routed: any answer but Traefik's own 404. */
class TraefikProbeTest {
    /** What Traefik v3 answers for a host no router matches (Go's http.NotFound). */
    static final String TRAEFIK_404 = "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "X-Content-Type-Options: nosniff\r\nDate: Mon, 07 Dec 2026 13:00:00 GMT\r\nContent-Length: 19\r\n"
            + "Connection: close\r\n\r\n404 page not found\n";

    @Test
    void traefiksOwn404OrNoAnswerIsNotRouted() {
        assertFalse(TraefikProbe.routed(TRAEFIK_404));
        assertFalse(TraefikProbe.routed(""), "no answer (Traefik's port not published yet)");
    }

    @Test
    void anyAnswerFromOdooIsRoutedEvenAnErrorOrARedirect() {
        assertTrue(TraefikProbe.routed("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"status\": \"pass\"}"));
        assertTrue(TraefikProbe.routed("HTTP/1.1 503 SERVICE UNAVAILABLE\r\nContent-Length: 0\r\n\r\n"), "the stand-in without its database");
        assertTrue(TraefikProbe.routed("HTTP/1.1 303 SEE OTHER\r\nLocation: /web/login\r\n\r\n"));
        assertTrue(TraefikProbe.routed("HTTP/1.1 404 NOT FOUND\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<!doctype html><title>404</title>"),
                "Odoo's own 404 is an HTML page");
        assertTrue(TraefikProbe.routed("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 11\r\n\r\nBad Gateway"),
                "a route whose server does not answer is a route");
    }

    @Test
    void theProbeAsksWithTheUrlsHostOnItsPortAtTheAddressGiven() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<String> request = CompletableFuture.supplyAsync(() -> answer(server, TRAEFIK_404));
            String response = TraefikProbe.get("127.0.0.1", URI.create("http://opw.localhost:" + server.getLocalPort()));
            assertEquals(TRAEFIK_404, response);
            assertEquals("GET /web/health HTTP/1.1|Host: opw.localhost|Connection: close", request.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aPortNobodyListensOnGivesNoAnswer() throws IOException {
        int port;
        try (ServerSocket server = new ServerSocket(0)) {
            port = server.getLocalPort();
        }
        assertEquals("", TraefikProbe.get("127.0.0.1", URI.create("http://opw.localhost:" + port)));
    }

    /** One connection accepted: the request's lines joined by |, after the answer was sent. */
    private static String answer(ServerSocket server, String response) {
        try (Socket s = server.accept()) {
            var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            StringBuilder lines = new StringBuilder();
            for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                lines.append(lines.isEmpty() ? "" : "|").append(line);
            }
            s.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
            return lines.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
