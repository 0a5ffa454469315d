package dev.odoostack.engine;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Whether a Traefik entrypoint routes a stack's host: one request as a browser sends it to the stack's URL, made to
 * an address of our choosing (an edge node, which the URL's DNS names in production). Traefik answers a host it has
 * no router for with its own 404; any other answer, even Odoo's 5xx or a redirect, comes through a route.
 */
final class TraefikProbe {
    /** Go's http.NotFound, which Traefik serves when no router matches. */
    private static final Pattern OWN_404 = Pattern.compile("(?s)HTTP/\\d(\\.\\d)? 404 .*?\r\n\r\n404 page not found\n?");
    private static final int MAX_BYTES = 4096;

    private TraefikProbe() {
    }

    /** A response routed to the stack: some answer came, and it is not Traefik's own 404. */
    static boolean routed(String response) {
        return !response.isEmpty() && !OWN_404.matcher(response).matches();
    }

    /**
     * GET /web/health from {@code address} on the URL's port, with its Host (over TLS with its SNI for https): the
     * response's first bytes, or "" when none came.
     */
    static String get(String address, URI url) {
        boolean tls = "https".equals(url.getScheme());
        int port = Swarm.port(url);
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, port), 3000);
            plain.setSoTimeout(5000);
            Socket socket = tls ? tls(plain, url.getHost(), port) : plain;
            // Traefik's Host rule ignores a port in the header
            socket.getOutputStream().write(("GET /web/health HTTP/1.1\r\nHost: " + url.getHost() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return head(socket.getInputStream());
        } catch (IOException | GeneralSecurityException e) {
            return "";
        }
    }

    /** Up to MAX_BYTES of the answer: until the server closes, or stops sending a while. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[MAX_BYTES];
        try {
            for (int n; out.size() < MAX_BYTES && (n = in.read(buffer, 0, MAX_BYTES - out.size())) != -1; ) {
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // what came so far tells routed or not
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * TLS over the connected socket, naming the host (SNI), as a browser does. Any certificate is taken: the probe
     * sends nothing secret, and until Let's Encrypt has answered Traefik serves its own default certificate.
     */
    private static Socket tls(Socket plain, String host, int port) throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[]{new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        var parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(host)));
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }
}
