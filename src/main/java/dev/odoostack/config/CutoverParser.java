package dev.odoostack.config;

import java.util.List;
import java.util.Optional;

import static dev.odoostack.config.ConfigKeys.*;

/**
 * The cutover's source: the legacy host production moves from (docs/cutover.md). Only a production stack may
 * declare one; a restore into it stays refused, since a restore neutralizes and a cutover copies like for like.
 */
final class CutoverParser {
    static final List<ConfigKey> CUTOVER_KEYS = List.of(CUTOVER_SSH_PORT, CUTOVER_SSH_DIR, CUTOVER_UPSTREAM_DB,
            CUTOVER_UPSTREAM_FILESTORE, CUTOVER_PSQL);

    private final RawSettings in;
    private final LegacyHostAccess host;

    CutoverParser(RawSettings in) {
        this.in = in;
        this.host = new LegacyHostAccess(in, new LegacyHostAccess.Keys(CUTOVER_UPSTREAM, CUTOVER_SSH_PORT, CUTOVER_SSH_DIR,
                CUTOVER_UPSTREAM_DB, CUTOVER_UPSTREAM_FILESTORE, "a cutover"));
    }

    /** What cutover final recorded: only its own text, and only on a production stack. */
    Optional<Settings.WentLive> wentLive(boolean production) {
        Optional<String> text = in.text(CUTOVER_WENT_LIVE).map(String::strip).filter(t -> !t.isEmpty());
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Settings.WentLive> wentLive = Settings.WentLive.parse(text.get());
        if (wentLive.isEmpty()) {
            in.add(new Problem(CUTOVER_WENT_LIVE.fullName(), '"' + text.get() + '"',
                    "is not what cutover final records (<user@host>:<database> at <UTC time, e.g. 2026-12-07T20:15:02Z>)",
                    "pulumi config rm " + CUTOVER_WENT_LIVE.name() + " --stack " + in.stack));
        } else if (!production) {
            in.add(new Problem(CUTOVER_WENT_LIVE.fullName(), '"' + text.get() + '"',
                    "says production went live on this stack, which is not marked production",
                    PRODUCTION.setCommand(in.stack, "true")));
        }
        return wentLive;
    }

    Optional<Settings.Cutover> parse(boolean production) {
        Optional<String> upstream = host.upstream();
        if (upstream.isEmpty()) {
            in.notApplicable(CUTOVER_KEYS, "is a cutover setting, but cutoverUpstream is not set, so no cutover is declared",
                    k -> "pulumi config rm " + k.name() + " --stack " + in.stack
                            + " (or declare the cutover: cutoverUpstream, cutoverSshDir, cutoverUpstreamDb and cutoverUpstreamFilestore, docs/cutover.md)");
            return Optional.empty();
        }
        String destination = upstream.get();
        if (!production) {
            // a cutover makes this stack production; a copy for anything else is a restore, which neutralizes
            in.add(new Problem(CUTOVER_UPSTREAM.fullName(), '"' + destination + '"',
                    "a cutover moves production onto this stack, which is not marked production",
                    PRODUCTION.setCommand(in.stack, "true") + " (or, for a neutralized copy, use restoreUpstream instead: docs/restore.md)"));
        }
        host.checkDestination(destination);
        String sshDir = host.sshDir();
        String db = host.db();
        String filestore = host.filestore();
        String psql = host.command(CUTOVER_PSQL);
        if (!psql.isEmpty() && !psql.matches("(.*[\\s/])?psql(\\s.*)?")) {
            // the dump runs as the same role or sudo rule, with pg_dump in place of psql (Settings.Cutover.pgDump)
            in.bad(CUTOVER_PSQL, psql, "must run psql (its pg_dump beside it dumps the database), e.g. 'sudo -u postgres psql'");
        }
        return Optional.of(new Settings.Cutover(destination, host.sshPort(), sshDir, db, filestore, psql));
    }
}
