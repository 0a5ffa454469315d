package dev.odoostack.config;

import java.util.List;
import java.util.Optional;

import static dev.odoostack.config.ConfigKeys.*;
import static dev.odoostack.config.Settings.BuildMode.IMAGE;
import static dev.odoostack.config.Settings.BuildMode.NONE;
import static dev.odoostack.config.Settings.BuildMode.SOURCE;

/** How the Odoo image is made (odooBuild and the keys of its modes), whose contract it follows, and its series. */
final class OdooBuildParser {
    private static final List<ConfigKey> BUILD_KEYS = List.of(ODOO_BASE_IMAGE, ODOO_REPOSITORY, ODOO_BRANCH,
            ODOO_PYTHON_VERSION, ODOO_PYTHON_DEV, ODOO_IMAGE_REGISTRY);

    private final RawSettings in;

    OdooBuildParser(RawSettings in) {
        this.in = in;
    }

    Optional<Settings.Build> build() {
        Settings.BuildMode mode = in.mode(ODOO_BUILD, Settings.BuildMode.class);
        if (in.problemsFor(ODOO_BUILD) > 0) {
            // a misspelt mode: which build keys apply is unknown, so none of them is blamed
            return Optional.empty();
        }
        if (mode == NONE) {
            in.notApplicable(BUILD_KEYS, "only applies when the image is built, and odooBuild is 'none'", this::buildOrRemove);
            return Optional.empty();
        }
        if (in.setOtherThanDefault(ODOO_IMAGE)) {
            in.add(new Problem(ODOO_IMAGE.fullName(), in.get(ODOO_IMAGE.fullName()).toString(),
                    "names a published image, but odooBuild = " + mode.key() + " builds one",
                    "pulumi config rm odooImage --stack " + in.stack
                            + (mode == IMAGE ? " and set odooBaseImage to build FROM it" : "")));
        }
        ignoredBy(mode);
        String base = in.image(ODOO_BASE_IMAGE);
        String repository = in.string(ODOO_REPOSITORY);
        if (!repository.matches("https://[A-Za-z0-9.-]+(:[0-9]+)?/[^\\s@]+\\.git")) {
            in.bad(ODOO_REPOSITORY, repository, "must be a public https repository URL ending in .git (BuildKit fetches it during the build)");
        }
        String branch = in.string(ODOO_BRANCH);
        if (!ValueChecks.GIT_REF.matcher(branch).matches() || branch.startsWith("-")) {
            in.bad(ODOO_BRANCH, branch, "is not a branch name");
        }
        String python = python(branch);
        boolean dev = in.bool(ODOO_PYTHON_DEV);
        String registry = in.stripped(ODOO_IMAGE_REGISTRY);
        if (registry != null && !registry.matches("[a-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)*")) {
            in.bad(ODOO_IMAGE_REGISTRY, registry, "is not a registry (host[:port][/namespace], lower case)");
        }
        return Optional.of(new Settings.Build(mode, base, repository, branch, python, dev, registry,
                in.integer(ODOO_IMAGE_REBUILD, 0, 1_000_000)));
    }

    /**
     * The fix of a build key set while nothing is built: build in the mode that reads it, unless odooImage names a
     * published image on purpose; then the key goes.
     */
    private String buildOrRemove(ConfigKey k) {
        String mode = List.of(ODOO_REPOSITORY, ODOO_BRANCH, ODOO_PYTHON_VERSION).contains(k) ? "source" : "image";
        String rm = "pulumi config rm " + k.name() + " --stack " + in.stack;
        String build = ODOO_BUILD.setCommand(in.stack, mode);
        return in.setOtherThanDefault(ODOO_IMAGE) ? rm + " (odooImage runs a published image; or " + build + ")"
                : build + " (or " + rm + ")";
    }

    /** A key the chosen mode does not read would be silently ignored: the operator believes it applies. */
    private void ignoredBy(Settings.BuildMode mode) {
        if (mode == IMAGE) {
            in.notApplicable(List.of(ODOO_REPOSITORY, ODOO_BRANCH, ODOO_PYTHON_VERSION),
                    "only applies to odooBuild = source, and odooBuild is 'image' (the version comes from odooBaseImage)",
                    k -> "pulumi config rm " + k.name() + " --stack " + in.stack + " (or " + ODOO_BUILD.setCommand(in.stack, "source") + ")");
        } else {
            in.notApplicable(List.of(ODOO_BASE_IMAGE),
                    "only applies to odooBuild = image, and odooBuild is 'source' (it builds odooBranch of odooRepository)",
                    k -> "pulumi config rm " + k.name() + " --stack " + in.stack + " (or " + ODOO_BUILD.setCommand(in.stack, "image") + ")");
        }
    }

    private String python(String branch) {
        String python = in.text(ODOO_PYTHON_VERSION).map(String::strip).orElseGet(() -> defaultPython(branch));
        if (python == null) {
            in.add(new Problem(ODOO_PYTHON_VERSION.fullName(), "(not set)",
                    "no default Python is known for branch " + branch + " (17.0 -> 3.10; 18.0, saas-18.x, 19.0 -> 3.12)",
                    ODOO_PYTHON_VERSION.setCommand(in.stack, "3.12")));
            return "3.12";
        }
        if (!python.matches("3\\.(1[0-9]|[89])")) {
            in.bad(ODOO_PYTHON_VERSION, python, "must be a Python 3 minor version such as 3.10 or 3.12");
        }
        return python;
    }

    /** Odoo's supported Python per branch, as its own Dockerfiles and release notes pin it. */
    static String defaultPython(String branch) {
        if (branch.equals("17.0") || branch.startsWith("saas-17.")) {
            return "3.10";
        }
        if (branch.matches("(18|19)\\.0|saas-1[89]\\.[0-9]+")) {
            return "3.12";
        }
        return null;
    }

    /** The official image's names on Docker Hub: odoo, library/odoo, docker.io/library/odoo. */
    static boolean official(String image) {
        return image.matches("(?:(?:docker\\.io|index\\.docker\\.io|registry-1\\.docker\\.io)/)?(?:library/)?odoo(?:[:@].*)?");
    }

    /** A flavour written against the image's own layout: the official image is not adomi's, nor the reverse. */
    private void mismatch(Settings.ImageFlavour set, String image, ConfigKey imageKey) {
        boolean adomi = Settings.ImageFlavour.of(image) == Settings.ImageFlavour.ADOMI;
        if (set == Settings.ImageFlavour.ADOMI && official(image) || set == Settings.ImageFlavour.OFFICIAL && adomi) {
            in.add(new Problem(ODOO_IMAGE_FLAVOUR.fullName(), '"' + set.key() + '"',
                    "but " + imageKey.name() + " " + image + " is " + (adomi
                            ? "adomi's image (user ubuntu, /volumes/data, /venv)"
                            : "the official image (user odoo, /var/lib/odoo, Debian's Python)")
                            + ", not one with the " + set.key() + " layout; Odoo would not find its data or Python",
                    "pulumi config rm odooImageFlavour --stack " + in.stack + " (the layout then follows the image; or set "
                            + imageKey.name() + " to an image with the " + set.key() + " layout)"));
        }
    }

    /** A series as Odoo names its branches: 18.0, saas-18.4. */
    Optional<String> upgradedFrom() {
        Optional<String> from = in.text(ODOO_UPGRADED_FROM).map(String::strip);
        if (from.isPresent() && !OdooSeries.WRITTEN.matcher(from.get()).matches()) {
            in.bad(ODOO_UPGRADED_FROM, from.get(), "is not an Odoo series such as 18.0 or saas-18.4");
            return Optional.empty();
        }
        return from;
    }

    /**
     * The series the stack runs, when its tag or branch hides it (latest, a digest, master): then it must be given,
     * or the guard against a new series on a running database is off. Also refuses a downgrade: a database
     * upgraded from a series never runs on an older one.
     */
    Optional<String> series(Optional<Settings.Build> build, String published) {
        boolean source = build.map(b -> b.mode() == SOURCE).orElse(false);
        ConfigKey key = build.isEmpty() ? ODOO_IMAGE : source ? ODOO_BRANCH : ODOO_BASE_IMAGE;
        String value = build.map(b -> source ? b.branch() : b.baseImage()).orElse(published);
        Optional<String> named = in.problemsFor(key) > 0 ? Optional.of("?") : OdooSeries.of(value, source);
        Optional<String> given = in.text(ODOO_SERIES).map(String::strip);
        if (given.isPresent() && !OdooSeries.WRITTEN.matcher(given.get()).matches()) {
            in.bad(ODOO_SERIES, given.get(), "is not an Odoo series such as 18.0 or saas-18.4");
            return Optional.empty();
        }
        if (named.isPresent() && named.get().equals("?")) {
            return given; // the image or branch is refused already: nothing to compare
        }
        if (named.isEmpty() && given.isEmpty()) {
            in.add(new Problem(key.fullName(), '"' + value + '"',
                    (source ? "names no Odoo series" : "hides the Odoo series (latest, a digest, or no tag)")
                            + ", so the guard that refuses another series on a running database is off",
                    ODOO_SERIES.setCommand(in.stack, "18.0") + " (the series that " + value
                            + " runs, if not 18.0; or name it in the " + (source ? "branch" : "tag") + ", e.g. "
                            + (source ? "18.0" : value.replaceAll("[:@].*", "") + ":18.0") + ")"));
            return Optional.empty();
        }
        if (named.isPresent() && given.isPresent() && !named.get().equals(given.get())) {
            in.add(new Problem(ODOO_SERIES.fullName(), '"' + given.get() + '"',
                    "but " + key.name() + " " + value + " is Odoo " + named.get(),
                    "pulumi config rm odooSeries --stack " + in.stack + " (the " + (source ? "branch" : "tag") + " names the series)"));
            return Optional.empty();
        }
        Optional<String> now = named.or(() -> given);
        Optional<String> from = in.problemsFor(ODOO_UPGRADED_FROM) > 0 ? Optional.empty()
                : in.text(ODOO_UPGRADED_FROM).map(String::strip);
        if (from.isPresent() && now.isPresent() && OdooSeries.ORDER.compare(from.get(), now.get()) > 0) {
            in.add(new Problem(ODOO_UPGRADED_FROM.fullName(), '"' + from.get() + '"',
                    "is newer than the series the stack runs (" + now.get() + "): Odoo upgrades a database, it never downgrades one",
                    "pulumi config rm odooUpgradedFrom --stack " + in.stack + " (and set " + key.name()
                            + " back to an Odoo " + from.get() + " " + (source ? "branch" : "image") + ")"));
        }
        return named.isPresent() ? Optional.empty() : given;
    }

    /** Whose contract the image follows: as set, else by the image it is (or is built FROM). */
    Settings.ImageFlavour flavour(Optional<Settings.Build> build, String published) {
        boolean source = build.map(b -> b.mode() == SOURCE).orElse(false);
        if (in.text(ODOO_IMAGE_FLAVOUR).isEmpty()) {
            return source ? Settings.ImageFlavour.OFFICIAL
                    : Settings.ImageFlavour.of(build.map(Settings.Build::baseImage).orElse(published));
        }
        // a value not in the list is reported; the official contract then stands in
        Settings.ImageFlavour set = in.mode(ODOO_IMAGE_FLAVOUR, Settings.ImageFlavour.class);
        Settings.ImageFlavour flavour = set == null ? Settings.ImageFlavour.OFFICIAL : set;
        if (source && flavour != Settings.ImageFlavour.OFFICIAL) {
            in.add(new Problem(ODOO_IMAGE_FLAVOUR.fullName(), flavour.key(),
                    "source mode builds an image with the official image's contract (user odoo, /var/lib/odoo), not " + flavour.key() + "'s",
                    "pulumi config rm odooImageFlavour --stack " + in.stack));
        } else if (!source) {
            mismatch(flavour, build.map(Settings.Build::baseImage).orElse(published), build.isPresent() ? ODOO_BASE_IMAGE : ODOO_IMAGE);
        }
        return flavour;
    }
}
