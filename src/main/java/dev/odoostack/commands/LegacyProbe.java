package dev.odoostack.commands;

import dev.odoostack.config.Settings;
import dev.odoostack.cutover.DatabaseFacts;
import dev.odoostack.cutover.Preflight;
import dev.odoostack.engine.Failure;
import dev.odoostack.engine.Processes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The legacy host as a cutover reads it: psql and du over SSH, with the key and host keys of cutoverSshDir, as the
 * restore logs in. Every query runs in a read-only transaction under the tool's own application_name.
 */
final class LegacyProbe {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    /** Each answer on a line of its own, "name value"; a query that fails leaves its line out. */
    private static final String FACTS_SQL = DatabaseFacts.SESSION + """
            SELECT 'role ' || current_user;
            SELECT 'version ' || current_setting('server_version_num');
            SELECT 'grants ' || (r.rolsuper OR coalesce((SELECT pg_has_role(oid, 'USAGE') FROM pg_roles WHERE rolname = 'pg_read_all_data'), false))
                || ' ' || (r.rolsuper OR coalesce((SELECT pg_has_role(oid, 'USAGE') FROM pg_roles WHERE rolname = 'pg_read_all_stats'), false))
              FROM pg_roles r WHERE r.rolname = current_user;
            SELECT 'size ' || pg_database_size(current_database());
            SELECT 'base ' || coalesce(latest_version, '') FROM ir_module_module WHERE name = 'base';
            """;

    private final Settings.Cutover source;
    private final Map<String, String> env;

    LegacyProbe(Settings.Cutover source, Map<String, String> env) {
        this.source = source;
        this.env = env;
    }

    Preflight.Legacy facts() {
        Processes.Captured db = ssh(source.psql() + " -X -q -At -d " + source.upstreamDb(), FACTS_SQL);
        Map<String, String> answers = new HashMap<>();
        db.out().lines().map(l -> l.split(" ", 2)).filter(kv -> kv.length == 2).forEach(kv -> answers.put(kv[0], kv[1]));
        if (!db.ended() || !answers.containsKey("version")) {
            return Preflight.Legacy.unreachable(source.upstream(), source.upstreamDb(), why(db));
        }
        Processes.Captured du = ssh("du -sb -- '" + source.upstreamFilestore() + "'", null);
        String[] bytes = du.out().strip().split("\\s+");
        if (!du.ended() || du.exit() != 0 || !bytes[0].matches("\\d+")) {
            return Preflight.Legacy.unreachable(source.upstream(), source.upstreamDb(),
                    "the filestore " + source.upstreamFilestore() + " cannot be read: " + why(du));
        }
        String[] grants = answers.getOrDefault("grants", "false false").split(" ");
        return new Preflight.Legacy(source.upstream(), source.upstreamDb(), null, answers.get("role"),
                Integer.parseInt(answers.get("version").strip()), grants[0].equals("true"), grants.length > 1 && grants[1].equals("true"),
                answers.get("base"), Long.parseLong(answers.getOrDefault("size", "0").strip()), Long.parseLong(bytes[0]));
    }

    /** The legacy host as the verification reads it: the same login and psql, stopping at the first error. */
    CutoverVerify.Side side() {
        CutoverVerify.Host shell = (command, stdin) -> answer(ssh(command, stdin, CutoverVerify.LIMIT), "verify", CutoverVerify.LIMIT);
        return new CutoverVerify.Side(source.upstream() + " " + source.upstreamDb(), sql("verify", CutoverVerify.LIMIT), shell,
                source.upstreamFilestore());
    }

    /** The legacy database as the freeze proof reads it: the same login and psql, a sample well within a minute. */
    UnaryOperator<String> freezeSql() {
        return sql("prove the freeze", LIMIT);
    }

    /** Runs SQL on the legacy database (psql, unaligned, tuples only, stopping at the first error); {@code what} it is for. */
    private UnaryOperator<String> sql(String what, Duration limit) {
        return text -> answer(ssh(source.psql() + " -X -q -At -v ON_ERROR_STOP=1 -d " + source.upstreamDb(), text, limit), what, limit);
    }

    private String answer(Processes.Captured r, String what, Duration limit) {
        if (!r.ended() || r.exit() != 0) {
            throw new Failure("cannot " + what + ": " + source.upstream() + " gave no answer (" + why(r, limit) + "); nothing was changed: try by hand: "
                    + byHand());
        }
        return r.out();
    }

    /** The same login and psql as a command to paste, to see the legacy host's own answer. */
    String byHand() {
        return String.join(" ", sshCommand()) + " \"" + source.psql() + " -X -d " + source.upstreamDb() + " -c 'SELECT 1'\"";
    }

    private Processes.Captured ssh(String remote, String stdin) {
        return ssh(remote, stdin, LIMIT);
    }

    private Processes.Captured ssh(String remote, String stdin, Duration limit) {
        List<String> c = sshCommand();
        c.add(remote);
        return Processes.captured(c, env, stdin == null ? "" : stdin, limit);
    }

    private List<String> sshCommand() {
        List<String> c = sshOptions(source, key(source), Path.of(source.sshDir()).resolve("known_hosts"));
        // an IPv6 address is written in brackets for rsync's sake; ssh takes it bare
        c.add(source.upstream().replace("[", "").replace("]", ""));
        return c;
    }

    /** The key in cutoverSshDir that logs in: id_ed25519, else id_rsa. */
    static Path key(Settings.Cutover source) {
        Path dir = Path.of(source.sshDir());
        return Files.exists(dir.resolve("id_ed25519")) || !Files.exists(dir.resolve("id_rsa"))
                ? dir.resolve("id_ed25519") : dir.resolve("id_rsa");
    }

    /**
     * ssh and its options, without the destination, with a key and host keys wherever they are (here, or copied into
     * the container the sync runs in): host keys are never accepted blindly.
     */
    static List<String> sshOptions(Settings.Cutover source, Path key, Path knownHosts) {
        return new ArrayList<>(List.of("ssh", "-F", "none", "-T", "-p", String.valueOf(source.sshPort()), "-i", key.toString(),
                "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "GlobalKnownHostsFile=/dev/null",
                // a connection that stops answering ends within a minute, not at the time limit of a long copy
                "-o", "ConnectTimeout=10", "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=4"));
    }

    /** Why a remote command gave no answer: its last line of errors, or its time limit. */
    private static String why(Processes.Captured r) {
        return why(r, LIMIT);
    }

    private static String why(Processes.Captured r, Duration limit) {
        if (!r.ended()) {
            return "no answer within " + limit.toSeconds() + " s";
        }
        return r.err().lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).map(String::strip)
                .orElse("exit " + r.exit() + " and no answer");
    }
}
