package dev.odoostack.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stack files Pulumi would refuse, or read otherwise than we did, are refused here too, in one line each. */
class StackFileRulesTest {
    @TempDir
    Path dir;

    Map<String, RawValue> read(String text) throws Exception {
        return StackFile.read(Files.writeString(dir.resolve("Pulumi.opw.yaml"), text));
    }

    /** Every problem of the stack file, as the operator reads them. */
    List<String> problems(String text) throws Exception {
        Map<String, RawValue> raw = read(text);
        raw.put("odoo-stack:postgresPassword", RawValue.secret("pg-secret-for-tests"));
        raw.put("odoo-stack:odooAdminPassword", RawValue.secret("admin-secret-for-tests"));
        try {
            SettingsParser.parse("opw", raw, SecretPolicy.REQUIRE);
            return List.of();
        } catch (ConfigException e) {
            return e.problems().stream().map(Problem::message).toList();
        }
    }

    @Test
    void yesAndOnAreTextAsInYaml12SoAProductionYesIsRefusedNotTakenForTrue() throws Exception {
        assertEquals("yes", read("config:\n  odoo-stack:production: yes\n").get("odoo-stack:production").text());
        List<String> p = problems("config:\n  odoo-stack:production: on\n");
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("odoo-stack:production") && p.get(0).contains("YAML 1.2"), p.get(0));
        assertEquals(List.of(), problems("config:\n  odoo-stack:odooEgress: True\n"), "True is a YAML 1.2 boolean");
    }

    @Test
    void aKeyWrittenTwiceIsRefusedWithItsLine() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> read("config:\n  odoo-stack:odooWorkers: 2\n  odoo-stack:odooDbName: opw\n  odoo-stack:odooWorkers: 4\n"));
        assertTrue(e.getMessage().contains("line 4") && e.getMessage().contains("odoo-stack:odooWorkers")
                && e.getMessage().contains("written twice"), e.getMessage());
    }

    @Test
    void aFileWithoutItsConfigMapIsRefusedInsteadOfPlanningEveryDefault() {
        var e = assertThrows(IllegalArgumentException.class, () -> read("encryptionsalt: v1:abc\n"));
        assertTrue(e.getMessage().contains("no 'config:' map"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> read("config: [odooWorkers]\n"));
    }

    @Test
    void aKeyOfAnotherNamespaceIsNamedWithTheKeyItWasMeantToBe() throws Exception {
        List<String> p = problems("config:\n  odoo:workers: 4\n  odoo_stack:odooWorkers: 4\n  docker:host: unix:///run/docker.sock\n");
        assertEquals(2, p.size(), "docker:host is the provider's own: " + p);
        assertTrue(p.stream().allMatch(m -> m.contains("set odoo-stack:odooWorkers instead")), p.toString());
        assertTrue(p.get(0).contains("namespace 'odoo'") || p.get(1).contains("namespace 'odoo'"), p.toString());
    }

    @Test
    void aSettingTheChosenModeIgnoresIsRefused() throws Exception {
        List<String> image = problems("config:\n  odoo-stack:odooBuild: image\n  odoo-stack:odooBranch: saas-18.4\n");
        assertEquals(1, image.size(), image.toString());
        assertTrue(image.get(0).contains("odoo-stack:odooBranch") && image.get(0).contains("pulumi config rm odooBranch --stack opw"), image.get(0));
        List<String> source = problems("config:\n  odoo-stack:odooBuild: source\n  odoo-stack:odooBaseImage: odoo:17.0\n");
        assertEquals(1, source.size(), source.toString());
        assertTrue(source.get(0).contains("odoo-stack:odooBaseImage"), source.get(0));
    }

    @Test
    void aCredentialInAnAddonUrlIsRefusedWithoutEverBeingShown() throws Exception {
        for (String url : List.of("https://deploy:ghp_s3cretT0ken@github.com/acme/addons.git",
                "https://ghp_s3cretT0ken@github.com/acme/addons.git")) {
            List<String> p = problems("config:\n  odoo-stack:odooAddonRepositories:\n    - " + url + " 18.0 acme\n");
            assertEquals(1, p.size(), p.toString());
            assertFalse(p.get(0).contains("s3cret") || p.get(0).contains("deploy:"), "the credential is not echoed: " + p.get(0));
            assertTrue(p.get(0).contains("https://***@github.com/acme/addons.git"), p.get(0));
        }
        assertEquals(List.of(), problems("config:\n  odoo-stack:odooAddonRepositories:\n    - ssh://git@github.com/acme/addons.git 18.0 acme\n"));
    }

    @Test
    void fixesPasteIntoAShellAsTheyAre() throws Exception {
        // the third item is wrong: the fix points at [2], not [0]
        List<String> p = problems("config:\n  odoo-stack:odooAddonsPaths:\n    - /srv/a\n    - /srv/b\n    - relative/c\n");
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("'odooAddonsPaths[2]'"), p.get(0));
        // a password is never put on a command line
        ConfigKey secret = ConfigKeys.POSTGRES_PASSWORD;
        String fix = secret.setCommand("opw", "hunter2-hunter2");
        assertFalse(fix.contains("hunter2"), fix);
        assertTrue(fix.startsWith("pulumi config set --secret postgresPassword --stack opw"), fix);
        // what the shell would take apart is quoted
        assertEquals("pulumi config set odooDbName 'a b;c' --stack opw", ConfigKeys.ODOO_DB_NAME.setCommand("opw", "a b;c"));
    }

    @Test
    void theFixNeverSuggestsTheValueThatWasRefused() throws Exception {
        // HTTP moved onto 443, the HTTPS port's default (and its example): setting 443 again would fix nothing
        List<String> p = problems("config:\n  odoo-stack:traefikHttpsPort: 443\n  odoo-stack:traefikHttpPort: 443\n");
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("odoo-stack:traefikHttpsPort") && !p.get(0).contains("traefikHttpsPort 443 --stack"), p.get(0));
        assertTrue(p.get(0).contains("docs/configuration.md#traefikhttpsport"), p.get(0));
    }

    @Test
    void aStackFileGivenWhereItsStackNameBelongsNamesTheStack() {
        for (String given : List.of("Pulumi.opw.yaml", "./Pulumi.opw.yaml", "/srv/odoo-stack/Pulumi.opw.yml")) {
            var e = assertThrows(IllegalArgumentException.class, () -> StackFile.path(Path.of("."), given));
            assertEquals(given + " is a stack file; give its stack name instead (the file's middle part): opw", e.getMessage());
        }
        assertEquals(Path.of("./Pulumi.opw.yaml"), StackFile.path(Path.of("."), "opw"));
    }

    @Test
    void aStackNameOverTheLimitSaysSoAndSuggestsAFileNameThatFits() {
        String name = "opw-" + "x".repeat(40);
        var e = assertThrows(ConfigException.class, () -> SettingsParser.parse(name, Map.of(), SecretPolicy.ALLOW_MISSING));
        Problem p = e.problems().get(0);
        assertTrue(p.toString().contains("is 44 characters long; a stack name has at most 31"), p.toString());
        String better = "opw-" + "x".repeat(27);
        assertTrue(p.toString().contains("mv Pulumi." + name + ".yaml Pulumi." + better + ".yaml"), p.toString());
        SettingsParser.parse(better, Map.of(), SecretPolicy.ALLOW_MISSING); // the suggestion is accepted
    }

    @Test
    void aStackNameWithWrongCharactersGetsTheNearestValidName() {
        assertEquals("test-1", SettingsParser.suggestedName("Test_1"));
        assertEquals("opw", SettingsParser.suggestedName("1-Opw"));
        assertEquals("stack", SettingsParser.suggestedName("___"), "not opw, whose file the mv would overwrite");
    }

    static Problem onlyProblem(String key, String value) {
        Map<String, RawValue> raw = new java.util.HashMap<>(SettingsParserTest.valid());
        if (key.startsWith("restore")) {
            raw.put("odoo-stack:restoreSshDir", RawValue.plain("/home/deploy/.ssh/opw-prod"));
            raw.put("odoo-stack:restoreUpstreamDb", RawValue.plain("opw_prod"));
            raw.put("odoo-stack:restoreUpstreamFilestore", RawValue.plain("/var/lib/odoo/filestore/opw_prod"));
        }
        raw.put("odoo-stack:" + key, RawValue.plain(value));
        var e = assertThrows(ConfigException.class, () -> SettingsParser.parse("opw", raw, SecretPolicy.REQUIRE));
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0);
    }

    @Test
    void anHttpPortOnTheHttpsDefaultBlamesTheKeyThatWasWritten() {
        Problem p = onlyProblem("traefikHttpPort", "443");
        assertEquals("odoo-stack:traefikHttpPort", p.key());
        assertTrue(p.toString().contains("is the HTTPS port (traefikHttpsPort, default 443)"), p.toString());
        assertTrue(p.toString().endsWith("Fix: pulumi config set traefikHttpPort 80 --stack opw"), p.toString());
    }

    @Test
    void anUpstreamWithAPortPointsToTheSshPortSetting() {
        Problem p = onlyProblem("restoreUpstream", "odoo@opw-prod.shiny:2222");
        assertTrue(p.toString().contains("the SSH port is the setting restoreSshPort"), p.toString());
        assertTrue(p.toString().endsWith("Fix: pulumi config set restoreUpstream odoo@opw-prod.shiny --stack opw"
                + " && pulumi config set restoreSshPort 2222 --stack opw"), p.toString());
    }

    @Test
    void aMisspeltBuildModeIsTheOnlyProblemNotTheKeysOfTheModeMeant() {
        Map<String, RawValue> raw = new java.util.HashMap<>(SettingsParserTest.valid());
        raw.put("odoo-stack:odooBuild", RawValue.plain("images"));
        raw.put("odoo-stack:odooBaseImage", RawValue.plain("ghcr.io/adomi-io/odoo:19.0"));
        var e = assertThrows(ConfigException.class, () -> SettingsParser.parse("opw", raw, SecretPolicy.REQUIRE));
        assertEquals(List.of("odoo-stack:odooBuild"), e.problems().stream().map(Problem::key).toList(), e.getMessage());
    }

    @Test
    void aKeySetAsTextKeepsEveryOtherLineAndIsReadBackThenRemoved() throws Exception {
        String text = "# opw: production\nencryptionsalt: v1:abc\nconfig:\n    # the shop\n    odoo-stack:production: true\n"
                + "    odoo-stack:postgresPassword:\n        secure: v1:xyz\n";
        Path file = Files.writeString(dir.resolve("Pulumi.opw.yaml"), text);
        String value = "odoo@opw-prod.shiny:opw_prod at 2026-12-07T20:15:02Z";

        StackFile.set(file, ConfigKeys.CUTOVER_WENT_LIVE, value);
        assertEquals(value, StackFile.read(file).get("odoo-stack:cutoverWentLive").text());
        assertEquals(text.replace("config:\n", "config:\n    odoo-stack:cutoverWentLive: \"" + value + "\"\n"), Files.readString(file));

        StackFile.set(file, ConfigKeys.CUTOVER_WENT_LIVE, "odoo@opw-prod.shiny:opw_prod at 2026-12-08T08:00:00Z");
        assertEquals(1, Files.readString(file).lines().filter(l -> l.contains("cutoverWentLive")).count());
        StackFile.set(file, ConfigKeys.CUTOVER_WENT_LIVE, null);
        assertEquals(text, Files.readString(file));
        assertFalse(StackFile.read(file).get("odoo-stack:postgresPassword").readable(), "the secret stays encrypted, as written");
    }

    @Test
    void aFileWithoutABlockConfigMapIsNotEditedAndTheLineSaysHowToSetIt() throws Exception {
        Path file = Files.writeString(dir.resolve("Pulumi.opw.yaml"), "config: {odoo-stack:production: true}\n");
        var e = assertThrows(IllegalArgumentException.class, () -> StackFile.set(file, ConfigKeys.CUTOVER_WENT_LIVE, "x:y at z"));
        assertTrue(e.getMessage().contains("pulumi config set cutoverWentLive 'x:y at z' --stack opw"), e.getMessage());
        assertEquals("config: {odoo-stack:production: true}\n", Files.readString(file));
    }
}
