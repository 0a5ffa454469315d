package dev.odoostack.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static dev.odoostack.config.ConfigKeys.*;

/**
 * Turns a stack's raw configuration into {@link Settings}, or lists every problem at once. The same rules apply
 * whether the values come from the Pulumi engine or from reading Pulumi.&lt;stack&gt;.yaml offline.
 *
 * <p>Each group of settings has its parser ({@link OdooParser}, {@link PostgresParser}, {@link TraefikParser},
 * {@link RestoreParser}, {@link CutoverParser}, {@link BackupParser}); all read through one {@link RawSettings}, which collects the
 * problems. The order below is the order problems are reported in.
 */
public final class SettingsParser {
    static final int MAX_STACK_NAME = 31;
    private static final Pattern STACK_NAME = Pattern.compile("[a-z][a-z0-9-]{0," + (MAX_STACK_NAME - 1) + "}");

    /** The Docker provider's own key: where the Docker engine is (local socket when unset). */
    public static final String DOCKER_HOST = "docker:host";

    private final RawSettings in;

    private SettingsParser(String stack, Map<String, RawValue> raw, SecretPolicy secrets) {
        this.in = new RawSettings(stack, raw, secrets);
    }

    /**
     * @param raw values by full key ({@code odoo-stack:odooWorkers}); keys of other namespaces (e.g.
     *            {@code docker:host}) belong to providers and are left alone
     * @throws ConfigException listing every problem found
     */
    public static Settings parse(String stack, Map<String, RawValue> raw, SecretPolicy secrets) {
        return new SettingsParser(stack, raw, secrets).parse();
    }

    private Settings parse() {
        stackName();
        new UnknownKeys(in).report();
        String stateRoot = stateRoot();
        Settings.VolumeMode volumes = in.mode(VOLUMES, Settings.VolumeMode.class);
        OdooParser odooParser = new OdooParser(in);
        Settings.Odoo odoo = odooParser.parse();
        Settings.Postgres postgres = new PostgresParser(in).parse();
        odooParser.adminLoginPassword();
        Settings.Traefik traefik = new TraefikParser(in).parse(odoo.domains());
        boolean production = in.bool(PRODUCTION);
        Optional<String> dockerHost = dockerHost();
        RestoreParser restoreParser = new RestoreParser(in);
        Optional<Settings.Restore> restore = restoreParser.parse(production, volumes, dockerHost);
        CutoverParser cutoverParser = new CutoverParser(in);
        Optional<Settings.Cutover> cutover = cutoverParser.parse(production);
        Optional<Settings.WentLive> wentLive = cutoverParser.wentLive(production);
        new AddonsParser(in).crossCheck(odoo, dockerHost);
        engineSocket(traefik, dockerHost);
        Settings.Logs logs = new Settings.Logs(in.integer(LOG_MAX_SIZE_MB, 1, 10_240), in.integer(LOG_MAX_FILES, 1, 100));
        // unset egress follows production: a copy of production must not call out with production's data
        boolean egress = in.text(ODOO_EGRESS).isPresent() ? in.boolOr(ODOO_EGRESS, production) : production;
        Settings.Exposure exposure = new Settings.Exposure(egress, in.bool(ODOO_DATABASE_MANAGER));
        Optional<Settings.Backup> backup = new BackupParser(in).parse(production, stateRoot);
        Settings.DockerMode dockerMode = new DockerModeParser(in).parse(volumes, odoo, restore, backup);
        restoreParser.crossCheckReplicas(restore, odoo, dockerMode);
        List<Problem> problems = in.problems();
        if (!problems.isEmpty()) {
            throw new ConfigException(in.stack, problems);
        }
        return new Settings(in.stack, stateRoot + "/" + in.stack, volumes, production, odoo, postgres, traefik, restore,
                logs, dockerHost, exposure, backup, dockerMode, cutover, wentLive);
    }

    /** The state root: a directory of its own, never the Docker host's root, where stacks would mix with the system. */
    private String stateRoot() {
        String root = in.absolutePath(STATE_ROOT);
        if (root.equals("/")) {
            in.bad(STATE_ROOT, "/", "is the root of the Docker host: each stack's data would be a directory among the system's (/"
                    + in.stack + " next to /etc and /usr)", STATE_ROOT.exampleFor(in.stack), "a directory on the Docker host for the stacks' state");
            return (String) STATE_ROOT.defaultValue();
        }
        return root;
    }

    private void stackName() {
        if (STACK_NAME.matcher(in.stack).matches()) {
            return;
        }
        String why = in.stack.length() > MAX_STACK_NAME
                ? "is " + in.stack.length() + " characters long; a stack name has at most " + MAX_STACK_NAME
                + " (it prefixes container, network and volume names, and the longest suffix must still fit Docker's limits)"
                : "a stack name must be lower-case letters, digits and '-', starting with a letter (it prefixes container, network and volume names)";
        String better = suggestedName(in.stack);
        in.add(new Problem("stack", '"' + in.stack + '"', why,
                "mv Pulumi." + in.stack + ".yaml Pulumi." + better + ".yaml (the stack name is the file's middle part)"));
    }

    /** The nearest valid name: lower case, other characters as '-', from the first letter, cut to the limit. */
    static String suggestedName(String stack) {
        String s = stack.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceFirst("^[^a-z]+", "");
        s = s.substring(0, Math.min(s.length(), MAX_STACK_NAME)).replaceFirst("-+$", "");
        return s.isEmpty() ? "stack" : s; // never another stack's name: the mv would overwrite its file
    }

    /** The Docker API filter mounts the engine's socket: an ssh:// or tcp:// engine does not say where it is. */
    private void engineSocket(Settings.Traefik traefik, Optional<String> dockerHost) {
        Optional<String> remote = dockerHost.filter(h -> h.startsWith("ssh://") || h.startsWith("tcp://"));
        if (traefik.own() && traefik.dockerSocket().isEmpty() && remote.isPresent()) {
            in.add(new Problem(TRAEFIK_DOCKER_SOCKET.fullName(), "(not set)",
                    "the Docker API filter mounts the Docker engine's socket on the Docker host, and " + remote.get()
                            + " does not say where it is",
                    TRAEFIK_DOCKER_SOCKET.setCommand(in.stack, DockerEndpoint.LOCAL.unixSocket().orElseThrow())
                            + " (the socket's path on that host)"));
        }
    }

    private Optional<String> dockerHost() {
        RawValue v = in.get(DOCKER_HOST);
        if (v == null || v.text() == null || v.text().isBlank()) {
            return Optional.empty();
        }
        String host = v.text().strip();
        if (!host.matches("(unix|tcp|ssh|npipe)://\\S+")) {
            in.add(new Problem(DOCKER_HOST, '"' + host + '"',
                    "must be a Docker host URL: ssh://user@server, tcp://server:2376 or unix:///var/run/docker.sock",
                    "pulumi config set docker:host ssh://deploy@server --stack " + in.stack));
        }
        return Optional.of(host);
    }
}
