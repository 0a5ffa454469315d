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

    /** Why a path cannot be mounted as written, or null when it can. */
    static String pathProblem(String s) {
        if (!s.startsWith("/")) {
            return "must be an absolute path on the Docker host";
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

    /** Why a name is no host name Traefik can route, or null when it is one. */
    static String hostProblem(String d) {
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
}
