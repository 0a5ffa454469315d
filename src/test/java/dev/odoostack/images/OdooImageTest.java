package dev.odoostack.images;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoostack.plan.Plan;
import dev.odoostack.plan.PlannedResource;
import dev.odoostack.config.ConfigKeys;
import dev.odoostack.config.Settings;
import dev.odoostack.testing.StackConfig;
import dev.odoostack.testing.Stacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.odoostack.testing.StackConfig.*;
import static dev.odoostack.testing.Stacks.*;
import static org.junit.jupiter.api.Assertions.*;

/** Image and source builds, their Dockerfiles' arguments, and the addon repositories' wiring. */
class OdooImageTest {
    static final Set<String> SECRETS = StackConfig.SECRET_KEYS;
    /** Arguments a Dockerfile may declare that are not settings: BuildKit's own, and the odoo user's ids. */
    static final Set<String> NOT_SETTINGS = Set.of("TARGETARCH", "ODOO_UID", "ODOO_GID");

    static Map<String, String> config(String mode) {
        Map<String, String> c = withPasswords();
        c.put(NS + "odooBuild", mode);
        return c;
    }

    static Plan up(Map<String, String> config) {
        return Stacks.up("opw", config);
    }

    static Settings settings(Map<String, String> config) {
        return StackConfig.settings("opw", config);
    }

    /** ARG name -> default ("" without one), over every stage of a Dockerfile. */
    static Map<String, String> declaredArgs(Path dockerfile) throws Exception {
        Map<String, String> args = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^ARG\\s+([A-Z_][A-Z0-9_]*)(?:=(\\S*))?\\s*$").matcher(Files.readString(dockerfile));
        while (m.find()) {
            String def = m.group(2) == null ? "" : m.group(2);
            args.merge(m.group(1), def, (a, b) -> a.isEmpty() ? b : a);
        }
        NOT_SETTINGS.forEach(args::remove);
        return args;
    }

    @ParameterizedTest
    @ValueSource(strings = {"image", "source"})
    void theDockerfilesDeclareExactlyTheArgumentsTheSettingsGive(String mode) throws Exception {
        Settings.Build build = settings(config(mode)).odoo().build().orElseThrow();
        Map<String, String> declared = declaredArgs(Path.of(OdooImage.dockerfile(build)));
        java.util.Set<String> given = new java.util.TreeSet<>(OdooImage.args(build, Settings.ImageFlavour.OFFICIAL).keySet());
        if (mode.equals("image")) { // a base image of another contract names what differs from the official one
            given.addAll(OdooImage.args(build, Settings.ImageFlavour.ADOMI).keySet());
        }
        assertEquals(given, declared.keySet(), OdooImage.dockerfile(build));
        // the Dockerfile's own defaults are the settings' defaults, so a hand build gives the same image
        OdooImage.args(build, Settings.ImageFlavour.OFFICIAL)
                .forEach((k, v) -> assertEquals(v, declared.get(k), k + " default in " + OdooImage.dockerfile(build)));
        if (mode.equals("image")) { // and they are the official image's contract
            assertEquals(Settings.ImageFlavour.OFFICIAL.user, declared.get("ODOO_USER"));
            assertEquals(Settings.ImageFlavour.OFFICIAL.python, declared.get("PYTHON"));
        }
    }

    @ParameterizedTest
    @CsvSource({"17.0,3.10", "saas-17.2,3.10", "18.0,3.12", "saas-18.4,3.12", "19.0,3.12"})
    void pythonDefaultsByBranch(String branch, String python) {
        Map<String, String> c = config("source");
        c.put(NS + "odooBranch", branch);
        assertEquals(python, settings(c).odoo().build().orElseThrow().pythonVersion());
    }

    @Test
    void anUnknownBranchAsksForThePythonVersion() {
        Map<String, String> c = config("source");
        c.put(NS + "odooBranch", "master");
        var e = assertThrows(dev.odoostack.config.ConfigException.class, () -> settings(c));
        assertTrue(e.getMessage().contains("odoo-stack:odooPythonVersion = (not set): no default Python is known for branch master"), e.getMessage());
    }

    @Test
    void anAdomiBaseImageIsRunByItsOwnUserWithItsDataDirectoryAndPython() {
        Map<String, String> c = config("image");
        c.put(NS + "odooBaseImage", "ghcr.io/adomi-io/odoo:19.0");
        Plan plan = up(c);
        PlannedResource build = plan.resource("docker:index/image:Image", "odoo-build");
        assertEquals("ubuntu", build.input("build.args.ODOO_USER").asText());
        assertEquals("/venv/bin/python", build.input("build.args.PYTHON").asText());
        PlannedResource init = plan.resource(CONTAINER, "odoo-init");
        assertEquals("chown ubuntu: /volumes/data /var/log/odoo", init.input("command").get(0).asText());
        PlannedResource odoo = plan.resource(CONTAINER, "odoo");
        List<String> mounts = new java.util.ArrayList<>();
        odoo.input("volumes").forEach(v -> mounts.add(v.path("hostPath").asText() + ":" + v.path("containerPath").asText()));
        assertTrue(mounts.contains("/var/lib/odoo-stack/opw/filestore:/volumes/data"), mounts.toString());
        String conf = uploaded(odoo, dev.odoostack.odoo.Odoo.CONF_FILE);
        assertTrue(conf.contains("\ndata_dir = /volumes/data\n") && conf.contains("\naddons_path = /odoo/addons,/volumes/addons\n"), conf);
    }

    @Test
    void theOfficialContractIsTheDefaultAndPassesNoExtraBuildArguments() {
        Plan plan = up(config("image"));
        PlannedResource build = plan.resource("docker:index/image:Image", "odoo-build");
        assertTrue(build.input("build.args.ODOO_USER").isMissingNode() && build.input("build.args.PYTHON").isMissingNode(),
                build.input("build.args").toString());
        assertEquals("chown odoo: /var/lib/odoo /var/log/odoo", plan.resource(CONTAINER, "odoo-init").input("command").get(0).asText());
    }

    @Test
    void aSourceBuildCannotClaimAdomisContract() {
        Map<String, String> c = config("source");
        c.put(NS + "odooImageFlavour", "adomi");
        var e = assertThrows(dev.odoostack.config.ConfigException.class, () -> settings(c));
        assertTrue(e.getMessage().contains("odoo-stack:odooImageFlavour = adomi: source mode builds an image with the official image's contract"),
                e.getMessage());
    }

    @Test
    void theFlavourSetExplicitlyWinsOverTheImageName() {
        Map<String, String> c = config("image");
        c.put(NS + "odooBaseImage", "registry.example.com/acme/odoo:19.0");
        c.put(NS + "odooImageFlavour", "adomi");
        assertEquals(Settings.ImageFlavour.ADOMI, settings(c).odoo().flavour());
        c.put(NS + "odooImageFlavour", "debian");
        var e = assertThrows(dev.odoostack.config.ConfigException.class, () -> settings(c));
        assertTrue(e.getMessage().contains("odooImageFlavour"), e.getMessage());
    }

    @Test
    void imageModeBuildsFromTheBaseImageAndTheContainersRunIt() {
        Map<String, String> c = config("image");
        c.put(NS + "odooBaseImage", "ghcr.io/adomi-io/odoo:19.0");
        Plan plan = up(c);
        PlannedResource build = plan.resource("docker:index/image:Image", "odoo-build");
        assertEquals("docker/odoo", build.input("build.context").asText());
        assertEquals("docker/odoo/official/Dockerfile", build.input("build.dockerfile").asText());
        assertEquals("ghcr.io/adomi-io/odoo:19.0", build.input("build.args.BASE_IMAGE").asText());
        assertEquals("0", build.input("build.args.UV_DEV").asText());
        assertTrue(build.input("skipPush").asBoolean(), "a local Docker host needs no registry");
        String tag = build.input("imageName").asText();
        assertTrue(tag.matches("odoo-stack/opw-odoo:[0-9a-f]{16}"), tag);
        PlannedResource image = plan.resource("docker:index/remoteImage:RemoteImage", "odoo-image");
        assertEquals(tag, image.input("name").asText());
        assertTrue(image.options().path("dependsOn").toString().contains("docker:index/image:Image::odoo-build"));
        assertEquals(tag, plan.resource(CONTAINER, "odoo").input("image").asText());
    }

    @Test
    void sourceModeBuildsTheBranchOnItsPython() {
        Map<String, String> c = config("source");
        c.put(NS + "odooBranch", "saas-18.4");
        c.put(NS + "odooPythonDev", "true");
        PlannedResource build = up(c).resource("docker:index/image:Image", "odoo-build");
        assertEquals("docker/odoo/source/Dockerfile", build.input("build.dockerfile").asText());
        JsonNode args = build.input("build.args");
        assertEquals("saas-18.4", args.path("ODOO_BRANCH").asText());
        assertEquals("3.12", args.path("PYTHON_VERSION").asText());
        assertEquals("https://github.com/odoo/odoo.git", args.path("ODOO_REPOSITORY").asText());
        assertEquals("1", args.path("UV_DEV").asText());
    }

    @Test
    void aRegistryIsPushedTo() {
        Map<String, String> c = config("image");
        c.put(NS + "odooImageRegistry", "ghcr.io/acme");
        PlannedResource build = up(c).resource("docker:index/image:Image", "odoo-build");
        assertFalse(build.input("skipPush").asBoolean());
        assertTrue(build.input("imageName").asText().startsWith("ghcr.io/acme/opw-odoo:"));
    }

    @Test
    void theTagChangesExactlyWhenAnInputOfTheBuildDoes(@TempDir Path dir) throws Exception {
        Settings base = settings(config("image"));
        Files.writeString(dir.resolve("Dockerfile"), "FROM odoo:18.0\n");
        String digest = BuildContext.digest(dir);
        String tag = OdooImage.reference(base, digest);
        assertEquals(tag, OdooImage.reference(settings(config("image")), BuildContext.digest(dir)), "same inputs, same tag: no rebuild");

        Files.writeString(dir.resolve("Dockerfile"), "FROM odoo:18.0\nRUN true\n");
        assertNotEquals(tag, OdooImage.reference(base, BuildContext.digest(dir)), "a changed context file rebuilds");

        Map<String, String> other = config("image");
        other.put(NS + "odooBaseImage", "odoo:17.0");
        assertNotEquals(tag, OdooImage.reference(settings(other), digest), "a changed argument rebuilds");

        Map<String, String> forced = config("image");
        forced.put(NS + "odooImageRebuild", "1");
        assertNotEquals(tag, OdooImage.reference(settings(forced), digest), "odooImageRebuild forces a rebuild");
    }

    @Test
    void addonRepositoriesAreFetchedOnTheOperatorsMachineAndMountedReadOnly() {
        Map<String, String> c = config("none");
        c.remove(NS + "odooBuild");
        c.put(NS + "odooAddonRepositories",
                "[\"git@github.com:odoo/enterprise.git 18.0 enterprise\",\"https://github.com/OCA/web.git 18.0 oca-web\"]");
        c.put(NS + "odooAddonsPaths", "[\"/srv/opw/custom\"]");
        Plan plan = up(c);
        PlannedResource fetch = plan.resource("command:local:Command", "fetch-addons");
        assertEquals("odoo-stack:odoo:Odoo::odoo", fetch.parent());
        assertEquals("docker/scripts/fetch-addons.sh", fetch.input("create").asText());
        assertEquals("/var/lib/odoo-stack/opw/addons", fetch.input("environment.ADDONS_DIR").asText());
        assertEquals("git@github.com:odoo/enterprise.git\t18.0\tenterprise\nhttps://github.com/OCA/web.git\t18.0\toca-web",
                fetch.input("environment.ADDON_REPOSITORIES").asText());
        PlannedResource odoo = plan.resource(CONTAINER, "odoo");
        assertTrue(odoo.options().path("dependsOn").toString().contains("command:local:Command::fetch-addons"));
        List<String> mounts = new java.util.ArrayList<>();
        odoo.input("volumes").forEach(v -> {
            if (v.path("containerPath").asText().startsWith("/mnt/addons/")) {
                assertTrue(v.path("readOnly").asBoolean(), v.toString());
                mounts.add(v.path("hostPath").asText() + ":" + v.path("containerPath").asText());
            }
        });
        assertEquals(List.of("/var/lib/odoo-stack/opw/addons/enterprise:/mnt/addons/enterprise",
                "/var/lib/odoo-stack/opw/addons/oca-web:/mnt/addons/oca-web", "/srv/opw/custom:/mnt/addons/custom"), mounts);
        String conf = uploaded(odoo, "/etc/odoo/odoo.conf");
        assertTrue(conf.contains("addons_path = /mnt/addons/enterprise,/mnt/addons/oca-web,/mnt/addons/custom\n"), conf);
        assertTrue(labels(odoo).containsKey("odoo-stack.fetch-addons"), "Odoo must be replaced when the checked-out commits change");
        String everything = dev.odoostack.plan.PlanPrinter.json(plan);
        assertTrue(plan.ofType("docker:index/image:Image").stream()
                        .noneMatch(i -> i.input("build.context").asText().equals("docker/odoo")),
                "addons never go into an image build: " + everything.length());
    }

    @Test
    void buildSettingsWithoutABuildAreFlagged() {
        Map<String, String> c = config("none");
        c.put(NS + "odooBranch", "17.0");
        var e = assertThrows(dev.odoostack.config.ConfigException.class, () -> settings(c));
        assertTrue(e.getMessage().contains("odoo-stack:odooBranch = \"17.0\": only applies when the image is built"), e.getMessage());
        assertEquals("none", ConfigKeys.ODOO_BUILD.defaultValue());
        // the default itself is no mistake: the real Pulumi CLI hands it to the program as if the stack set it
        c.put(NS + "odooBranch", String.valueOf(ConfigKeys.ODOO_BRANCH.defaultValue()));
        settings(c);
    }
}
