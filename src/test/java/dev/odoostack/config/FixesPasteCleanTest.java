package dev.odoostack.config;

import dev.odoostack.edge.SharedHost;
import dev.odoostack.edge.StackReferences;
import dev.odoostack.testing.PastedFix;
import dev.odoostack.testing.StackConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rule of issue 27 for every refusal: one mistake is one line, naming its key; the line's fix is computed from
 * the stack at hand (never opw's values, never a port or directory another stack holds); and the fix, pasted, gives
 * a stack that plans clean, with no new problem. Each row is a stack file with one mistake, the key the line must
 * name, the fix it must print and, where the row is about blame, what the line must say.
 *
 * <p>"Plans clean" is what {@code bin/odoo-stack plan} checks before it runs the program: the parser, and for rows
 * that say so the project's committed stacks on the same Docker host ({@link SharedHost}).
 */
public class FixesPasteCleanTest {
    private static final String HOME = System.getProperty("user.home");
    private static final String RESTORE = "odoo-stack:restoreUpstream: odoo@legacy.example.com\n"
            + "odoo-stack:restoreSshDir: /etc/odoo-stack/restore-ssh\n"
            + "odoo-stack:restoreUpstreamDb: t01\n"
            + "odoo-stack:restoreUpstreamFilestore: /var/lib/odoo/filestore/t01\n";
    private static final String EMAIL = "odoo-stack:traefikAcmeEmail: ops@example.com\n";

    /**
     * @param why      a part of the line's reason the row is about (class 4: the machine a path is on), or ""
     * @param siblings whether the project's committed stacks (opw, cm) are on the same Docker host
     */
    record Row(String clazz, String stack, String lines, String key, String fix, String why, boolean siblings) {
        @Override
        public String toString() {
            return clazz + " " + stack + ": " + lines.strip().replace("\n", " | ");
        }
    }

    static Row row(String clazz, String stack, String lines, String key, String fix) {
        return new Row(clazz, stack, lines, key, fix, "", false);
    }

    static Stream<Row> rows() {
        return Stream.of(
                // class 1: fixes computed from the stack at hand, with --stack
                row("1", "t01", "odoo-stack:odooDomains: [Shop.t01.localhost]", "odooDomains",
                        "pulumi config set --path 'odooDomains[0]' shop.t01.localhost --stack t01"),
                row("1", "t01", "odoo-stack:odooDomains: ['shop..example.com']", "odooDomains",
                        "pulumi config set --path 'odooDomains[0]' t01.localhost --stack t01"),
                row("1", "t01", "odoo-stack:backup: true\nodoo-stack:backupRepository: /var/lib/odoo-stack/t01/backups", "backupRepository",
                        "pulumi config set backupRepository /srv/backups/t01 --stack t01 (a directory on the Docker host outside the state root; or sftp:user@host:/path, s3:https://host/bucket/path)"),
                row("1", "t01", "odoo-stack:stateRoot: /srv\nodoo-stack:backup: true\nodoo-stack:backupRepository: /srv/t01/backups", "backupRepository",
                        "pulumi config set backupRepository /srv/backups/t01 --stack t01 (a directory on the Docker host outside the state root; or sftp:user@host:/path, s3:https://host/bucket/path)"),
                row("1", "t01", "odoo-stack:odooBranch: '17.0'", "odooBranch",
                        "pulumi config set odooBuild source --stack t01 (or pulumi config rm odooBranch --stack t01)"),
                row("1", "t01", "odoo-stack:odooImage: odoo:17.0\nodoo-stack:odooBaseImage: odoo:17.0", "odooBaseImage",
                        "pulumi config rm odooBaseImage --stack t01 (odooImage runs a published image; or pulumi config set odooBuild image --stack t01)"),
                row("1", "t01", "odoo-stack:restoreSshPort: 2222", "restoreSshPort",
                        "pulumi config rm restoreSshPort --stack t01 (or declare the restore: restoreUpstream, restoreSshDir, restoreUpstreamDb and restoreUpstreamFilestore, docs/restore.md)"),
                row("1", "t01", "odoo-stack:backupKeepDaily: 14", "backupKeepDaily",
                        "pulumi config rm backupKeepDaily --stack t01 (or back the stack up: pulumi config set backup true --stack t01 with a backupRepository, docs/backups.md)"),
                row("1", "t01", "odoo-stack:odooDbName: my shop", "odooDbName",
                        "pulumi config set odooDbName my_shop --stack t01"),
                row("1", "t01", "odoo-stack:traefikDashboardHost: Traefik.T01.localhost", "traefikDashboardHost",
                        "pulumi config set traefikDashboardHost traefik.t01.localhost --stack t01"),
                row("1", "T_01", "", "stack", "mv Pulumi.T_01.yaml Pulumi.t-01.yaml (the stack name is the file's middle part)"),
                new Row("1", "t01", "odoo-stack:traefikHttpPort: 8081", "traefikHttpPort",
                        "pulumi config set traefikHttpPort 8082 --stack t01 (or share one proxy: docs/edge.md, 'One proxy per Docker host')", "stack cm publishes port 8081", true),

                // class 2: one mistake, one line
                row("2", "t01", "odoo-stack:odooDomains: [Shop.Example.com]\n" + EMAIL, "odooDomains",
                        "pulumi config set --path 'odooDomains[0]' shop.example.com --stack t01"),
                row("2", "t01", "odoo-stack:odooDomains: ['https://shop.example.com/']\n" + EMAIL, "odooDomains",
                        "pulumi config set --path 'odooDomains[0]' shop.example.com --stack t01"),
                row("2", "my.shop", "", "stack", "mv Pulumi.my.shop.yaml Pulumi.my-shop.yaml (the stack name is the file's middle part)"),
                row("2", "shop.1", "", "stack", "mv Pulumi.shop.1.yaml Pulumi.shop-1.yaml (the stack name is the file's middle part)"),

                // class 3: an image and a layout that do not match
                row("3", "t01", "odoo-stack:odooImage: odoo:17.0\nodoo-stack:odooImageFlavour: adomi", "odooImageFlavour",
                        "pulumi config rm odooImageFlavour --stack t01 (the layout then follows the image; or set odooImage to an image with the adomi layout)"),
                row("3", "t01", "odoo-stack:odooImage: ghcr.io/adomi-io/odoo:18.0\nodoo-stack:odooImageFlavour: official", "odooImageFlavour",
                        "pulumi config rm odooImageFlavour --stack t01 (the layout then follows the image; or set odooImage to an image with the official layout)"),
                row("3", "t01", "odoo-stack:odooBuild: image\nodoo-stack:odooBaseImage: docker.io/library/odoo:18.0\nodoo-stack:odooImageFlavour: adomi", "odooImageFlavour",
                        "pulumi config rm odooImageFlavour --stack t01 (the layout then follows the image; or set odooBaseImage to an image with the adomi layout)"),
                // class 3: a tag that hides the series, and a downgrade
                row("3", "t01", "odoo-stack:odooImage: odoo:latest", "odooImage",
                        "pulumi config set odooSeries 18.0 --stack t01 (the series that odoo:latest runs, if not 18.0; or name it in the tag, e.g. odoo:18.0)"),
                row("3", "t01", "odoo-stack:odooImage: odoo@sha256:" + "ab".repeat(32), "odooImage",
                        "pulumi config set odooSeries 18.0 --stack t01 (the series that odoo@sha256:" + "ab".repeat(32) + " runs, if not 18.0; or name it in the tag, e.g. odoo:18.0)"),
                row("3", "t01", "odoo-stack:odooBuild: source\nodoo-stack:odooBranch: master\nodoo-stack:odooPythonVersion: '3.12'", "odooBranch",
                        "pulumi config set odooSeries 18.0 --stack t01 (the series that master runs, if not 18.0; or name it in the branch, e.g. 18.0)"),
                row("3", "t01", "odoo-stack:odooImage: odoo:17.0\nodoo-stack:odooUpgradedFrom: '18.0'", "odooUpgradedFrom",
                        "pulumi config rm odooUpgradedFrom --stack t01 (and set odooImage back to an Odoo 18.0 image)"),
                row("3", "t01", "odoo-stack:odooBuild: source\nodoo-stack:odooBranch: saas-18.2\nodoo-stack:odooUpgradedFrom: saas-18.4", "odooUpgradedFrom",
                        "pulumi config rm odooUpgradedFrom --stack t01 (and set odooBranch back to an Odoo saas-18.4 branch)"),
                row("3", "t01", "odoo-stack:odooImage: odoo:17.0\nodoo-stack:odooSeries: '18.0'", "odooSeries",
                        "pulumi config rm odooSeries --stack t01 (the tag names the series)"),
                // class 3: domain kinds
                row("3", "t01", "odoo-stack:odooDomains: ['203.0.113.7']\n" + EMAIL, "odooDomains",
                        "pulumi config set --path 'odooDomains[0]' 203-0-113-7.sslip.io --stack t01 (sslip.io resolves that name to 203.0.113.7; better a DNS name of your own)"),
                row("3", "t01", "odoo-stack:odooDomains: [bücher.example.com]\n" + EMAIL, "odooDomains",
                        "pulumi config set --path 'odooDomains[0]' xn--bcher-kva.example.com --stack t01 (the punycode form of bücher.example.com)"),
                row("3", "t01", "odoo-stack:odooDomains: ['*.example.com']\n" + EMAIL, "odooDomains",
                        "pulumi config set --path 'odooDomains[0]' example.com --stack t01 (list each name the wildcard stood for)"),
                row("3", "t01", "odoo-stack:odooDomains: [shop.example.com]\nodoo-stack:odooRedirectDomains: ['*.shop.example.com']\n" + EMAIL, "odooRedirectDomains",
                        "pulumi config set --path 'odooRedirectDomains[0]' www.shop.example.com --stack t01 (list each name the wildcard stood for)"),
                // class 3: a reference to a network or another stack that nothing creates (offline: the stack files)
                new Row("3", "t01", "odoo-stack:traefikExternalNetwork: opx-proxy", "traefikExternalNetwork",
                        "pulumi config set traefikExternalNetwork opw-proxy --stack t01 (the proxy of stack opw, which runs Traefik on this Docker host; or pulumi config rm traefikExternalNetwork --stack t01 for a Traefik of its own)",
                        "names the proxy network of stack opx, which has no stack file in this project (Pulumi.opx.yaml)", true),
                new Row("3", "t01", "odoo-stack:traefikExternalNetwork: t01-proxy", "traefikExternalNetwork",
                        "pulumi config set traefikExternalNetwork opw-proxy --stack t01 (the proxy of stack opw, which runs Traefik on this Docker host; or pulumi config rm traefikExternalNetwork --stack t01 for a Traefik of its own)",
                        "is this stack's own proxy network", true),
                new Row("3", "shop", "odoo-stack:traefikExternalNetwork: cm-proxy", "traefikExternalNetwork",
                        "pulumi config rm traefikExternalNetwork --stack shop (the stack then runs a Traefik of its own; or give stack cm a stack file with a Traefik of its own, docs/edge.md, 'One proxy per Docker host')",
                        "names the proxy network of stack cm, which has no stack file in this project (Pulumi.cm.yaml)", false),
                new Row("3", "t01", "odoo-stack:traefikExternalNetwork: opw-proxy\ndocker:host: unix:///run/docker2.sock", "traefikExternalNetwork",
                        "pulumi config rm traefikExternalNetwork --stack t01 (the stack then runs a Traefik of its own; or give stack opw a stack file with a Traefik of its own, docs/edge.md, 'One proxy per Docker host')",
                        "names the proxy network of stack opw, which runs on another Docker host (the local Docker engine)", true),
                // class 3: resource limits past any sense
                row("3", "t01", "odoo-stack:odooWorkers: 64\nodoo-stack:odooLimitMemoryHardMb: 20000", "odooLimitMemoryHardMb",
                        "pulumi config set odooLimitMemoryHardMb 15872 --stack t01 (or fewer odooWorkers)"),
                row("3", "t01", "odoo-stack:odooWorkers: 64\nodoo-stack:odooLimitMemorySoftMb: 16000\nodoo-stack:odooLimitMemoryHardMb: 20000", "odooLimitMemoryHardMb",
                        "pulumi config set odooLimitMemorySoftMb 12697 --stack t01 && pulumi config set odooLimitMemoryHardMb 15872 --stack t01 (or fewer odooWorkers)"),
                row("3", "t01", "odoo-stack:odooMemoryMb: 4096", "odooMemoryMb",
                        "pulumi config set odooMemoryMb 8192 --stack t01 (or fewer odooWorkers, or a lower odooLimitMemorySoftMb)"),
                row("3", "t01", "odoo-stack:odooWorkers: 8\nodoo-stack:odooMemoryMb: 3000", "odooMemoryMb",
                        "pulumi config set odooMemoryMb 20480 --stack t01 (or fewer odooWorkers, or a lower odooLimitMemorySoftMb)"),
                // class 3: the state root
                row("3", "t01", "odoo-stack:stateRoot: /", "stateRoot",
                        "pulumi config set stateRoot /srv/odoo-stack --stack t01 (a directory on the Docker host for the stacks' state)"),
                new Row("3", "t01", "odoo-stack:stateRoot: /var/lib/odoo-stack/opw\nodoo-stack:traefikHttpPort: 8090", "stateRoot",
                        "pulumi config set stateRoot /var/lib/odoo-stack --stack t01 (next to stack opw's state, each in a directory of its own)", "", true),
                new Row("3", "t01", "odoo-stack:stateRoot: /var/lib/odoo-stack/cm/data\nodoo-stack:traefikHttpPort: 8090", "stateRoot",
                        "pulumi config set stateRoot /var/lib/odoo-stack --stack t01 (next to stack cm's state, each in a directory of its own)", "", true),
                new Row("3", "odoo-stack", "odoo-stack:stateRoot: /var/lib\nodoo-stack:traefikHttpPort: 8090", "stateRoot",
                        "pulumi config set stateRoot /var/lib/odoo-stack --stack odoo-stack (next to stack cm's state, each in a directory of its own)", "", true),
                // class 3: addon repositories fetched unauthenticated
                row("3", "t01", "odoo-stack:odooAddonRepositories: ['http://git.example.com/acme/addons.git 18.0 acme']", "odooAddonRepositories",
                        "pulumi config set --path 'odooAddonRepositories[0]' 'https://git.example.com/acme/addons.git 18.0 acme' --stack t01 (the same repository over https, if its host serves it; or its ssh:// URL)"),
                row("3", "t01", "odoo-stack:odooAddonRepositories: ['git://git.example.com/acme/addons.git 18.0 acme']", "odooAddonRepositories",
                        "pulumi config set --path 'odooAddonRepositories[0]' 'https://git.example.com/acme/addons.git 18.0 acme' --stack t01 (the same repository over https, if its host serves it; or its ssh:// URL)"),
                row("3", "t01", "odoo-stack:odooAddonRepositories: ['/srv/git/addons.git 18.0 acme']", "odooAddonRepositories",
                        "pulumi config set --path 'odooAddonRepositories[0]' 'file:///srv/git/addons.git 18.0 acme' --stack t01 (the same directory on the machine running Pulumi)"),
                // class 3: SSH destinations as operators write them
                row("3", "t01", RESTORE.replace("odoo@legacy.example.com", "ssh://odoo@legacy.example.com:2222"), "restoreUpstream",
                        "pulumi config set restoreUpstream odoo@legacy.example.com --stack t01 && pulumi config set restoreSshPort 2222 --stack t01"),
                row("3", "t01", RESTORE.replace("odoo@legacy.example.com", "ssh://odoo@legacy.example.com"), "restoreUpstream",
                        "pulumi config set restoreUpstream odoo@legacy.example.com --stack t01"),
                row("3", "t01", RESTORE.replace("odoo@legacy.example.com", "odoo@2001:db8::7"), "restoreUpstream",
                        "pulumi config set restoreUpstream 'odoo@[2001:db8::7]' --stack t01 (the port, if not 22, is restoreSshPort)"),
                // class 3: production without backups
                row("3", "t01", "odoo-stack:production: true\nodoo-stack:backup: false", "backup",
                        "pulumi config set productionWithoutBackups true --stack t01 (if it is backed up by other means; or back it up: pulumi config rm backup --stack t01 with a backupRepository, docs/backups.md)"),
                row("3", "t01", "odoo-stack:production: true\nodoo-stack:backupRepository: /srv/backups/t01\nodoo-stack:backupKeepHourly: 0\n"
                                + "odoo-stack:backupKeepDaily: 0\nodoo-stack:backupKeepWeekly: 0\nodoo-stack:backupKeepMonthly: 0", "backupKeepHourly",
                        "pulumi config rm backupKeepHourly --stack t01 && pulumi config rm backupKeepDaily --stack t01 && pulumi config rm backupKeepWeekly --stack t01 && pulumi config rm backupKeepMonthly --stack t01"
                                + " (the defaults: 24 hourly, 7 daily, 4 weekly, 12 monthly; or pulumi config set productionWithoutBackups true --stack t01 if it is backed up by other means)"),
                row("3", "t01", "odoo-stack:production: true\nodoo-stack:backup: true\nodoo-stack:backupRepository: sftp:backup@vault.example.com:/srv/restic/t01\n"
                                + "odoo-stack:backupSshDir: /etc/odoo-stack/backup-ssh\nodoo-stack:backupKeepHourly: 0\n"
                                + "odoo-stack:backupKeepDaily: 0\nodoo-stack:backupKeepWeekly: 0\nodoo-stack:backupKeepMonthly: 0", "backupKeepHourly",
                        "pulumi config rm backupKeepHourly --stack t01 && pulumi config rm backupKeepDaily --stack t01 && pulumi config rm backupKeepWeekly --stack t01 && pulumi config rm backupKeepMonthly --stack t01"
                                + " (the defaults: 24 hourly, 7 daily, 4 weekly, 12 monthly; or pulumi config set productionWithoutBackups true --stack t01 if it is backed up by other means)"),

                // class 4: each path's line names the machine it is on
                new Row("4", "t01", "odoo-stack:stateRoot: srv/odoo", "stateRoot",
                        "pulumi config set stateRoot /srv/odoo --stack t01", "an absolute path on the Docker host", false),
                new Row("4", "t01", RESTORE.replace("/etc/odoo-stack/restore-ssh", "~/.ssh/legacy"), "restoreSshDir",
                        "pulumi config set restoreSshDir " + HOME + "/.ssh/legacy --stack t01 ('~' is the home directory on the machine running Pulumi, " + HOME + ")",
                        "'~' is expanded by no one here: it must be an absolute path on the machine running Pulumi", false),
                new Row("4", "t01", RESTORE.replace("/var/lib/odoo/filestore/t01", "~/filestore/t01"), "restoreUpstreamFilestore",
                        "pulumi config set restoreUpstreamFilestore /home/odoo/filestore/t01 --stack t01 ('~' is the home directory on the legacy host (restoreUpstream), /home/odoo)",
                        "an absolute path on the legacy host", false),
                new Row("4", "t01", RESTORE + "odoo-stack:restoreCacheDir: cache/restore", "restoreCacheDir",
                        "pulumi config set restoreCacheDir /cache/restore --stack t01", "an absolute path on the machine running Pulumi", false),
                new Row("4", "t01", "odoo-stack:backup: true\nodoo-stack:backupRepository: sftp:backup@vault.example.com:/srv/restic/t01\nodoo-stack:backupSshDir: etc/backup-ssh", "backupSshDir",
                        "pulumi config set backupSshDir /etc/backup-ssh --stack t01", "an absolute path on the Docker host", false),
                new Row("4", "t01", "odoo-stack:odooAddonsPaths: [srv/addons/t01]", "odooAddonsPaths",
                        "pulumi config set --path 'odooAddonsPaths[0]' /srv/addons/t01 --stack t01", "an absolute path on the Docker host", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void oneLineNamingTheKeyWhoseFixPastedPlansClean(Row row) throws Exception {
        Map<String, String> config = stackFile(row.lines());
        List<Problem> problems = plan(row.stack(), config, row.siblings());
        String full = row.key().equals("stack") ? "stack" : StackConfig.NS + row.key();
        assertEquals(1, problems.size(), "one mistake, one line: " + problems);
        Problem p = problems.get(0);
        assertEquals(full, p.key(), p.message());
        assertFalse(p.message().contains("\n"), "one line: " + p.message());
        assertTrue(p.why().contains(row.why()), p.message());
        assertEquals(row.fix(), p.fix(), p.message());
        for (String secret : List.of(StackConfig.PG_PASSWORD, StackConfig.ADMIN_PASSWORD)) {
            assertFalse(p.message().contains(secret));
        }
        PastedFix.Result fixed = PastedFix.pasted(row.stack(), config, p);
        assertEquals(List.of(), plan(fixed.stack(), fixed.config(), row.siblings()),
                "the fix, pasted, plans clean: " + p.fix());
    }

    /** The problems bin/odoo-stack plan reports before it runs the program; empty when it would run it. */
    public static List<Problem> plan(String stack, Map<String, String> config, boolean siblings) {
        Settings s;
        try {
            s = SettingsParser.parse(stack, StackConfig.raw(config), SecretPolicy.ALLOW_MISSING);
        } catch (ConfigException e) {
            return e.problems();
        }
        Map<String, Settings> others = new TreeMap<>();
        Set<String> files = new TreeSet<>(Set.of(stack));
        for (String other : siblings ? List.of("opw", "cm") : List.<String>of()) {
            files.add(other);
            if (!other.equals(stack)) {
                others.put(other, SettingsParser.parse(other, StackFile.read(Path.of("Pulumi." + other + ".yaml")), SecretPolicy.ALLOW_MISSING));
            }
        }
        List<Problem> out = new ArrayList<>(SharedHost.problems(s, others));
        out.addAll(StackReferences.problems(s, files, others));
        return out;
    }

    /** The values of a stack file holding these lines under config:, as Pulumi hands them to the program. */
    public static Map<String, String> stackFile(String lines) throws Exception {
        StringBuilder text = new StringBuilder("config:\n");
        lines.lines().filter(l -> !l.isBlank()).forEach(l -> text.append("  ").append(l).append('\n'));
        Path file = Files.createTempFile("stack", ".yaml");
        try {
            Files.writeString(file, text);
            Map<String, String> values = new TreeMap<>();
            StackFile.read(file).forEach((k, v) -> values.put(k, v.text()));
            return values;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
