package dev.odoostack.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/** What makes a value of a kind shared by several settings valid: paths, host names, images, database names. */
final class ValueChecks {
    private ValueChecks() {
    }

    // Docker's reference grammar, simplified: [registry[:port]/]path[:tag][@sha256:digest]
    static final Pattern IMAGE = Pattern.compile(
            "(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*"
                    + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?");
    static final Pattern DB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    static final String DB_NAME_RULE = "must be 1 to 63 letters, digits, '_' or '-', starting with a letter or digit";
    static final Pattern GIT_REF = Pattern.compile("[A-Za-z0-9._/-]{1,200}");
    private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    /** The machines a path can be on: each path key's message names the one that reads it. */
    static final String ON_DOCKER_HOST = "the Docker host";
    static final String ON_PULUMI_MACHINE = "the machine running Pulumi";
    static final String ON_LEGACY_HOST = "the legacy host (restoreUpstream)";
    static final String ON_CUTOVER_SOURCE = "the legacy host (cutoverUpstream)";

    /**
     * The machine a path key's value is on: the restore runs on the machine running Pulumi (its SSH key and its cache
     * there) and reads the filestore on the legacy host, as a cutover does; everything else is mounted into containers by the Docker host.
     */
    static String machine(ConfigKey key) {
        return switch (key.name()) {
            case "restoreSshDir", "restoreCacheDir", "cutoverSshDir" -> ON_PULUMI_MACHINE;
            case "restoreUpstreamFilestore" -> ON_LEGACY_HOST;
            case "cutoverUpstreamFilestore" -> ON_CUTOVER_SOURCE;
            default -> ON_DOCKER_HOST;
        };
    }

    /** Why a path cannot be used as written, or null when it can. */
    static String pathProblem(String s, String machine) {
        if (s.startsWith("~")) {
            return "'~' is expanded by no one here: it must be an absolute path on " + machine;
        }
        if (!s.startsWith("/")) {
            return "must be an absolute path on " + machine;
        }
        if (!Path.of(s).normalize().toString().equals(withoutTrailingSlash(s))) {
            return "must be a normalized path (no '.', '..' or '//')";
        }
        if (s.matches(".*[:,\\s].*")) {
            return "must not contain ':', ',' or white space (Docker mount syntax)";
        }
        return null;
    }

    static String withoutTrailingSlash(String s) {
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    /** Why a name is no host name Traefik can route, or null when it is one. */
    static String hostProblem(String d) {
        if (IPV4.matcher(d).matches() || d.contains(":") && d.matches("\\[?[0-9a-fA-F:.]+]?")) {
            return "is an IP address: Traefik routes by host name, and Let's Encrypt certifies names, not addresses";
        }
        if (d.startsWith("*.")) {
            return "is a wildcard: Traefik's routes take exact names, and a wildcard certificate needs the DNS challenge, "
                    + "which this stack does not offer (traefikAcmeChallenge is tls or http)";
        }
        if (!d.chars().allMatch(c -> c < 128)) {
            String ascii = punycode(d);
            return "is an internationalised name; Traefik and Let's Encrypt take its punycode form"
                    + (ascii == null ? "" : " " + ascii);
        }
        if (d.contains("://") || d.contains("/") || d.contains(":")) {
            return "must be a bare host name (no scheme, port or path)";
        }
        if (!d.equals(d.toLowerCase(Locale.ROOT))) {
            return "must be lower case";
        }
        if (d.length() > 253 || d.isEmpty()) {
            return "must be 1 to 253 characters";
        }
        for (String label : d.split("\\.", -1)) {
            if (!HOST_LABEL.matcher(label).matches()) {
                return "is not a valid host name (labels of a-z, 0-9 and '-', separated by dots)";
            }
        }
        return null;
    }

    /** The ASCII (punycode) form of an internationalised name, or null when it has none. */
    static String punycode(String d) {
        try {
            return java.net.IDN.toASCII(d.toLowerCase(Locale.ROOT), java.net.IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The host name meant by a refused one, for its fix: without scheme, path and port, in lower case and punycode,
     * a wildcard's parent name, an address as a name that resolves to it; else the stack's local name.
     */
    static String hostFix(String d, String stack) {
        String h = d.strip().replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "").replaceFirst("/.*$", "");
        if (h.matches("\\[?[0-9a-fA-F:.]+]?") && h.contains(":") && !IPV4.matcher(h.replaceFirst(":[0-9]+$", "")).matches()) {
            return stack + ".localhost"; // an IPv6 address: no name is known for it
        }
        h = h.replaceFirst(":[0-9]*$", "").toLowerCase(Locale.ROOT);
        if (h.startsWith("*.")) {
            h = h.substring(2);
        }
        if (IPV4.matcher(h).matches()) {
            h = h.startsWith("127.") ? stack + ".localhost" : h.replace('.', '-') + ".sslip.io";
        }
        if (!h.chars().allMatch(c -> c < 128)) {
            h = punycode(h);
        }
        return h != null && hostProblem(h) == null ? h : stack + ".localhost";
    }

    /** What the fix of a refused host name says after the command, or null. */
    static String hostFixNote(String d, String fix) {
        if (IPV4.matcher(d).matches() && fix.endsWith(".sslip.io")) {
            return "sslip.io resolves that name to " + d + "; better a DNS name of your own";
        }
        if (d.startsWith("*.")) {
            return "list each name the wildcard stood for";
        }
        if (!d.chars().allMatch(c -> c < 128)) {
            return "the punycode form of " + d;
        }
        return null;
    }
}
