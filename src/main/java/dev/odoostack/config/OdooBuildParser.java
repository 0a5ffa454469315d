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
            in.notApplicable(BUILD_KEYS, "only applies when the image is built, and odooBuild is 'none'",
                    k -> ODOO_BUILD.setCommand(in.stack, "image") + " (or pulumi config rm " + k.name() + ")");
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

    /** A series as Odoo names its branches: 18.0, saas-18.4. */
    Optional<String> upgradedFrom() {
        Optional<String> from = in.text(ODOO_UPGRADED_FROM).map(String::strip);
        if (from.isPresent() && !from.get().matches("(saas-)?[0-9]{1,2}\\.[0-9]{1,2}")) {
            in.bad(ODOO_UPGRADED_FROM, from.get(), "is not an Odoo series such as 18.0 or saas-18.4");
            return Optional.empty();
        }
        return from;
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
        }
        return flavour;
    }
}
