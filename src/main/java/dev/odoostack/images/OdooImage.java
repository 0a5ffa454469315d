package dev.odoostack.images;

import dev.odoostack.config.Settings;
import dev.odoostack.model.ImageBuildSpec;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The Odoo image: as published ({@code odooBuild: none}), or built from {@code docker/odoo/official} (image mode)
 * or {@code docker/odoo/source} (source mode) with the build arguments the settings give.
 */
public final class OdooImage {
    public static final String CONTEXT = "docker/odoo";

    private OdooImage() {
    }

    /** The build arguments each Dockerfile declares, from the settings; a test holds both sides together. */
    public static SortedMap<String, String> args(Settings.Build b, Settings.ImageFlavour flavour) {
        SortedMap<String, String> a = new TreeMap<>();
        if (b.mode() == Settings.BuildMode.IMAGE) {
            a.put("BASE_IMAGE", b.baseImage());
            // the Dockerfile's defaults are the official image's contract; another base names what differs
            a.putAll(flavour.buildArgs);
        } else {
            a.put("PYTHON_VERSION", b.pythonVersion());
            a.put("ODOO_REPOSITORY", b.repository());
            a.put("ODOO_BRANCH", b.branch());
        }
        a.put("UV_DEV", b.dev() ? "1" : "0");
        return a;
    }

    /** The setting each build argument comes from, to name it when a build fails because of its value. */
    public static final java.util.Map<String, String> ARG_SETTINGS = java.util.Map.of(
            "BASE_IMAGE", dev.odoostack.config.ConfigKeys.ODOO_BASE_IMAGE.name(),
            "PYTHON_VERSION", dev.odoostack.config.ConfigKeys.ODOO_PYTHON_VERSION.name(),
            "ODOO_REPOSITORY", dev.odoostack.config.ConfigKeys.ODOO_REPOSITORY.name(),
            "ODOO_BRANCH", dev.odoostack.config.ConfigKeys.ODOO_BRANCH.name(),
            "UV_DEV", dev.odoostack.config.ConfigKeys.ODOO_PYTHON_DEV.name(),
            "ODOO_USER", dev.odoostack.config.ConfigKeys.ODOO_IMAGE_FLAVOUR.name(),
            "PYTHON", dev.odoostack.config.ConfigKeys.ODOO_IMAGE_FLAVOUR.name());

    public static String dockerfile(Settings.Build b) {
        return CONTEXT + "/" + (b.mode() == Settings.BuildMode.IMAGE ? "official" : "source") + "/Dockerfile";
    }

    /**
     * @param contextDigest {@link BuildContext#digest} of {@link #CONTEXT}
     */
    public static Optional<ImageBuildSpec> build(Settings s, String contextDigest) {
        return s.odoo().build().map(b -> new ImageBuildSpec("odoo-build", reference(s, contextDigest),
                CONTEXT, dockerfile(b), args(b, s.odoo().flavour()), b.registry() != null));
    }

    /**
     * The Odoo series the stack runs, as the settings name it: the tag of {@code odooImage} or
     * {@code odooBaseImage}, or {@code odooBranch}; empty when they do not say (e.g. {@code latest}, {@code master}).
     * A database is tied to its series: another one must upgrade it first.
     */
    public static Optional<String> version(Settings s) {
        // a tag or branch that hides it (latest, a digest, master): the series the settings give (odooSeries)
        return series(versionValue(s), s.odoo().build().map(b -> b.mode() == Settings.BuildMode.SOURCE).orElse(false))
                .or(() -> s.odoo().series());
    }

    /** The setting that names the series: odooImage, odooBaseImage or odooBranch. */
    public static dev.odoostack.config.ConfigKey versionKey(Settings s) {
        return s.odoo().build().map(b -> b.mode() == Settings.BuildMode.SOURCE ? dev.odoostack.config.ConfigKeys.ODOO_BRANCH
                : dev.odoostack.config.ConfigKeys.ODOO_BASE_IMAGE).orElse(dev.odoostack.config.ConfigKeys.ODOO_IMAGE);
    }

    /** The value of {@link #versionKey}. */
    public static String versionValue(Settings s) {
        return s.odoo().build().map(b -> b.mode() == Settings.BuildMode.SOURCE ? b.branch() : b.baseImage()).orElse(s.odoo().image());
    }

    /** @param branch a branch name rather than an image reference */
    static Optional<String> series(String value, boolean branch) {
        return dev.odoostack.config.OdooSeries.of(value, branch);
    }

    /** What the Odoo containers run: the published image, or the built one with its content tag. */
    public static String reference(Settings s, String contextDigest) {
        Optional<Settings.Build> build = s.odoo().build();
        if (build.isEmpty()) {
            return s.odoo().image();
        }
        Settings.Build b = build.get();
        var sha = BuildContext.sha256();
        sha.update((contextDigest + "\n" + dockerfile(b) + "\n" + args(b, s.odoo().flavour()) + "\nrebuild " + b.rebuild())
                .getBytes(StandardCharsets.UTF_8));
        String tag = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        String repository = (b.registry() != null ? b.registry() : "odoo-stack") + "/" + s.stack() + "-odoo";
        return repository + ":" + tag;
    }
}
