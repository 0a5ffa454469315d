package dev.odoostack.config;

import java.util.List;
import java.util.Optional;

import static dev.odoostack.config.ConfigKeys.*;

/** The edge: Traefik's image and ports, or the proxy network of one that runs already, certificates and dashboard. */
final class TraefikParser {
    private final RawSettings in;

    TraefikParser(RawSettings in) {
        this.in = in;
    }

    Settings.Traefik parse(List<String> domains) {
        String image = in.image(TRAEFIK_IMAGE);
        int http = in.integer(TRAEFIK_HTTP_PORT, 1, 65535);
        int https = in.integer(TRAEFIK_HTTPS_PORT, 1, 65535);
        if (http == https && in.text(TRAEFIK_HTTPS_PORT).isEmpty()) {
            // the HTTP port was moved onto the HTTPS default: the key written is the one to blame
            in.add(new Problem(TRAEFIK_HTTP_PORT.fullName(), "\"" + http + "\"",
                    "is the HTTPS port (traefikHttpsPort, default " + TRAEFIK_HTTPS_PORT.defaultValue() + "); HTTP needs a port of its own",
                    TRAEFIK_HTTP_PORT.setCommand(in.stack, "80")));
        } else if (http == https) {
            in.bad(TRAEFIK_HTTPS_PORT, String.valueOf(https), "is the same port as traefikHttpPort");
        }
        int readTimeout = in.integer(TRAEFIK_READ_TIMEOUT, 60, 86_400);
        String external = in.stripped(TRAEFIK_EXTERNAL_NETWORK);
        if (external != null && !external.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}")) {
            in.bad(TRAEFIK_EXTERNAL_NETWORK, external, "is not a Docker network name");
        }
        boolean mixed = domains.stream().anyMatch(Settings::local) && !domains.stream().allMatch(Settings::local);
        if (mixed) {
            in.add(new Problem(ODOO_DOMAINS.fullName(), String.join(",", domains),
                    "mixes local (*.localhost, plain HTTP) and public (HTTPS) names; a stack is one or the other",
                    "list only public or only *.localhost names in odooDomains"));
        }
        Optional<Settings.Acme> acme = acme(domains, external);
        Optional<Settings.Dashboard> dashboard = dashboard(domains, external);
        Optional<String> socket = in.text(TRAEFIK_DOCKER_SOCKET).isPresent()
                ? Optional.of(in.absolutePath(TRAEFIK_DOCKER_SOCKET)) : Optional.empty();
        return new Settings.Traefik(image, http, https, external, acme, readTimeout, dashboard, socket);
    }

    private Optional<Settings.Acme> acme(List<String> domains, String external) {
        // a mix is reported by parse; only an all-public list asks for certificates
        boolean tls = Settings.tls(domains);
        Optional<String> email = in.text(TRAEFIK_ACME_EMAIL).map(String::strip);
        Settings.AcmeChallenge challenge = in.mode(TRAEFIK_ACME_CHALLENGE, Settings.AcmeChallenge.class);
        boolean staging = in.bool(TRAEFIK_ACME_STAGING);
        if (external != null) {
            in.notApplicable(List.of(TRAEFIK_ACME_EMAIL, TRAEFIK_DASHBOARD_HOST, TRAEFIK_HTTP_PORT, TRAEFIK_HTTPS_PORT),
                    "belongs to the Traefik that owns " + external + ", not to a stack that only attaches to it",
                    k -> "pulumi config rm " + k.name() + " --stack " + in.stack + " (set it on the stack that runs Traefik)");
        } else if (in.problemsFor(ODOO_DOMAINS) > 0) {
            // whether certificates are needed follows from the names, which are wrong: one mistake, one line
            return Optional.empty();
        } else if (tls) {
            if (email.isEmpty()) {
                in.add(new Problem(TRAEFIK_ACME_EMAIL.fullName(), "(not set)",
                        "public domains are served over HTTPS with Let's Encrypt certificates, which need a contact e-mail",
                        TRAEFIK_ACME_EMAIL.setCommand(in.stack, TRAEFIK_ACME_EMAIL.example())));
            } else if (!email.get().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                in.bad(TRAEFIK_ACME_EMAIL, email.get(), "is not an e-mail address");
            } else {
                return Optional.of(new Settings.Acme(email.get(), challenge, staging));
            }
        } else if (email.isPresent()) {
            in.add(new Problem(TRAEFIK_ACME_EMAIL.fullName(), '"' + email.get() + '"',
                    "local domains (*.localhost) stay on plain HTTP; no certificate is requested",
                    "pulumi config rm traefikAcmeEmail --stack " + in.stack + " (or set a public domain in odooDomains)"));
        }
        return Optional.empty();
    }

    private Optional<Settings.Dashboard> dashboard(List<String> domains, String external) {
        Optional<String> host = in.text(TRAEFIK_DASHBOARD_HOST).map(String::strip);
        if (host.isPresent() && external == null) {
            String why = ValueChecks.hostProblem(host.get());
            if (why != null) {
                String fix = ValueChecks.hostFix(host.get(), "traefik." + in.stack);
                in.bad(TRAEFIK_DASHBOARD_HOST, host.get(), why, fix, ValueChecks.hostFixNote(host.get(), fix));
            } else if (domains.contains(host.get())) {
                in.bad(TRAEFIK_DASHBOARD_HOST, host.get(), "is one of odooDomains; the dashboard needs its own host name");
            }
            String user = in.string(TRAEFIK_DASHBOARD_USER);
            if (!user.matches("[A-Za-z0-9_.-]{1,64}")) {
                in.bad(TRAEFIK_DASHBOARD_USER, user, "must be 1 to 64 letters, digits, '_', '.' or '-'");
            }
            return Optional.of(new Settings.Dashboard(host.get(), user, in.secret(TRAEFIK_DASHBOARD_PASSWORD)));
        }
        if (in.has(TRAEFIK_DASHBOARD_PASSWORD) && host.isEmpty()) {
            in.add(new Problem(TRAEFIK_DASHBOARD_PASSWORD.fullName(), "[secret]",
                    "is set but traefikDashboardHost is not, so there is no dashboard to protect",
                    TRAEFIK_DASHBOARD_HOST.setCommand(in.stack, TRAEFIK_DASHBOARD_HOST.example())));
        }
        return Optional.empty();
    }
}
