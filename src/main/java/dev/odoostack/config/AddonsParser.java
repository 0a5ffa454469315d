package dev.odoostack.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.odoostack.config.ConfigKeys.ODOO_ADDONS_PATHS;
import static dev.odoostack.config.ConfigKeys.ODOO_ADDON_REPOSITORIES;

/** Odoo's addons: host directories (odooAddonsPaths) and repositories checked out for it (odooAddonRepositories). */
final class AddonsParser {
    private static final Pattern ADDON_DIR = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}");

    private final RawSettings in;

    AddonsParser(RawSettings in) {
        this.in = in;
    }

    List<String> paths() {
        Set<String> names = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (String p : in.list(ODOO_ADDONS_PATHS)) {
            String why = ValueChecks.pathProblem(p, ValueChecks.ON_DOCKER_HOST);
            String clean = ValueChecks.withoutTrailingSlash(p);
            if (why != null) {
                in.badPath(ODOO_ADDONS_PATHS, p, why, in.dockerHostIsLocal() ? RawSettings.pulumiHome() : null);
            } else if (clean.equals("/")) {
                in.bad(ODOO_ADDONS_PATHS, p, "must be a directory of addons, not the host's root");
            } else if (!names.add(Path.of(clean).getFileName().toString())) {
                in.bad(ODOO_ADDONS_PATHS, p, "has the same directory name as another entry; each is mounted at /mnt/addons/<dir name>");
            } else {
                out.add(clean);
            }
        }
        return out;
    }

    List<Settings.AddonRepository> repositories() {
        List<Settings.AddonRepository> out = new ArrayList<>();
        Set<String> dirs = new HashSet<>();
        for (String line : in.list(ODOO_ADDON_REPOSITORIES)) {
            String[] f = line.strip().split("\\s+");
            if (f.length != 3) {
                in.bad(ODOO_ADDON_REPOSITORIES, line, "must be three fields: 'url ref dir'");
            } else if (valid(line, f[0], f[1], f[2], dirs)) {
                out.add(new Settings.AddonRepository(f[0], f[1], f[2]));
            }
        }
        return out;
    }

    /** Reports the first thing wrong with one 'url ref dir' line; claims its dir when nothing is. */
    private boolean valid(String line, String url, String ref, String dir, Set<String> dirs) {
        if (url.matches("(?i)[a-z][a-z0-9+.-]*://[^/@]*@.*") && !url.matches("(?i)ssh://git@.*")) {
            // never shown back: the error would put the token in a terminal, a CI log, an issue
            in.badAt(ODOO_ADDON_REPOSITORIES, Math.max(0, in.itemsAsWritten(ODOO_ADDON_REPOSITORIES).indexOf(line)),
                    withoutCredentials(url) + " " + ref + " " + dir,
                    "the URL carries a credential (shown here as ***); use SSH keys or a git credential helper (docs/images.md)");
        } else if (url.startsWith("-")) {
            in.bad(ODOO_ADDON_REPOSITORIES, line, "the URL must not start with '-'");
        } else if (schemeProblem(url) != null) {
            String https = url.replaceFirst("^(?i)(http|git)://", "https://");
            String fix = url.startsWith("/") ? "file://" + url : https.startsWith("https://") ? https : null;
            if (fix != null) {
                in.bad(ODOO_ADDON_REPOSITORIES, line, schemeProblem(url), fix + " " + ref + " " + dir,
                        url.startsWith("/") ? "the same directory on the machine running Pulumi" : "the same repository over https, if its host serves it; or its ssh:// URL");
            } else {
                in.bad(ODOO_ADDON_REPOSITORIES, line, schemeProblem(url));
            }
        } else if (!ValueChecks.GIT_REF.matcher(ref).matches() || ref.startsWith("-")) {
            in.bad(ODOO_ADDON_REPOSITORIES, line, "'" + ref + "' is not a branch, tag or commit");
        } else if (!ADDON_DIR.matcher(dir).matches()) {
            in.bad(ODOO_ADDON_REPOSITORIES, line, "'" + dir + "' must be one directory name (letters, digits, '.', '_', '-')");
        } else if (!dirs.add(dir)) {
            in.bad(ODOO_ADDON_REPOSITORIES, line, "'" + dir + "' is used twice");
        } else {
            return true;
        }
        return false;
    }

    /**
     * Why a repository URL's scheme is refused, or null: https://, ssh:// and scp's user@host:path are
     * authenticated, file:// is a directory the operator controls; http:// and git:// carry code unauthenticated.
     */
    static String schemeProblem(String url) {
        String u = url.toLowerCase(java.util.Locale.ROOT);
        if (u.startsWith("https://") || u.startsWith("ssh://") || u.startsWith("file://")) {
            return null;
        }
        if (u.startsWith("http://") || u.startsWith("git://")) {
            return "is fetched over " + u.substring(0, u.indexOf(':'))
                    + ", which carries code unauthenticated: anyone on the way can change the addons Odoo runs";
        }
        if (u.startsWith("/")) {
            return "a local repository is written file://<path> (a path on the machine running Pulumi)";
        }
        if (u.matches("[a-z][a-z0-9+.-]*://.*")) {
            return "the URL scheme " + u.substring(0, u.indexOf(':')) + " is not one of https://, ssh://, user@host:path or file://";
        }
        return u.matches("([a-z0-9_.-]+@)?[a-z0-9.-]+:[^/].*|([a-z0-9_.-]+@)?[a-z0-9.-]+:/.*") ? null
                : "is not a repository URL (https://, ssh://, user@host:path or file://)";
    }

    /** A URL with its user part (a user, a token, a password) replaced by ***. */
    static String withoutCredentials(String url) {
        return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1***@");
    }

    /** What only shows once both lists and the Docker host are known. */
    void crossCheck(Settings.Odoo odoo, Optional<String> dockerHost) {
        Set<String> hostDirNames = new HashSet<>();
        odoo.addonsPaths().forEach(p -> hostDirNames.add(Path.of(p).getFileName().toString()));
        for (Settings.AddonRepository r : odoo.addonRepositories()) {
            if (hostDirNames.contains(r.dir())) {
                in.bad(ODOO_ADDON_REPOSITORIES, r.url() + " " + r.ref() + " " + r.dir(),
                        "'" + r.dir() + "' is also the name of a directory in odooAddonsPaths; both would mount at /mnt/addons/" + r.dir());
            }
        }
        if (!odoo.addonRepositories().isEmpty() && dockerHost.isPresent() && !dockerHost.get().startsWith("unix://")) {
            in.add(new Problem(ODOO_ADDON_REPOSITORIES.fullName(), odoo.addonRepositories().size() + " repositories",
                    "they are checked out on the machine running Pulumi, but the containers run on " + dockerHost.get()
                            + " and would not see them",
                    "check them out on the Docker host and list the directories in odooAddonsPaths instead"));
        }
    }
}
