package dev.odoostack.cutover;

import dev.odoostack.config.Secret;
import dev.odoostack.config.Settings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cutover <stack> rehearse}: a full, unneutralized copy of production into a scratch stack made for it and
 * removed after (docs/cutover.md). Here: the scratch stack's settings, derived from the production stack's, and the
 * record of the rehearsal's phases from which {@code check} estimates the freeze window. Nothing here runs anything.
 */
public final class Rehearsal {
    /** The scratch stack's name is the production stack's with this suffix. */
    public static final String SUFFIX = "-rehearsal";
    /** What the final copy does before it copies: the freeze proof (FreezeProof: 10 s settle, 11 s for late counts). */
    public static final int FREEZE_PROOF_SECONDS = 21;
    /** The phases the freeze window is made of, besides the proof, in the order the final copy runs them. */
    public static final List<String> WINDOW_PHASES = List.of("copy", "verify", "start");

    private Rehearsal() {
    }

    public static String name(String stack) {
        return stack + SUFFIX;
    }

    /** The network the scratch stack's Odoo shares with nothing outside the stack: made internal by the rehearsal. */
    public static String proxyNetwork(String stack) {
        return name(stack) + "-proxy";
    }

    /**
     * The scratch stack of a production stack: its own name, state directory (bind directories beside production's,
     * whatever production's volume mode: restore.sh swaps directories on the host) and generated passwords; not
     * production and no egress (its Odoo on internal networks only, as a non-production stack's); no Traefik of its
     * own and no route on production's domains (Odoo's proxy network is {@link #proxyNetwork}, which no Traefik joins),
     * so no ACME either; no backups, no restore, no cutover source; no cron thread (a copy of production must not
     * run production's scheduled jobs, even against an outside it cannot reach).
     *
     * @param postgresPassword the scratch database's own password
     * @param adminPassword    the scratch Odoo's own master password
     */
    public static Settings scratch(Settings production, String postgresPassword, String adminPassword) {
        String name = name(production.stack());
        String stateDir = stateDir(production.stateDir(), name);
        Settings.Odoo o = production.odoo();
        Settings.Odoo odoo = new Settings.Odoo(o.image(), List.of(name + ".localhost"), List.of(), 1, o.dbName(), o.workers(), 0,
                o.limitMemorySoftMb(), o.limitMemoryHardMb(), o.limitTimeCpu(), o.limitTimeReal(), o.limitRequest(),
                o.addonsPaths(), o.logLevel(), o.logToFile(), o.memoryMb(), o.cpuShares(),
                Secret.of(o.adminPassword().key(), adminPassword), o.build(), o.addonRepositories(), o.upgradedFrom(),
                o.flavour(), o.series());
        Settings.Postgres p = production.postgres();
        Settings.Postgres postgres = new Settings.Postgres(p.version(), p.user(), p.memoryMb(), p.cpuShares(), p.shmSizeMb(),
                Secret.of(p.password().key(), postgresPassword));
        Settings.Traefik t = production.traefik();
        Settings.Traefik traefik = new Settings.Traefik(t.image(), t.httpPort(), t.httpsPort(), proxyNetwork(production.stack()),
                Optional.empty(), t.readTimeout(), Optional.empty(), t.dockerSocket());
        return new Settings(name, stateDir, Settings.VolumeMode.BIND, false, odoo, postgres, traefik, Optional.empty(),
                production.logs(), production.dockerHost(), new Settings.Exposure(false, false), Optional.empty(),
                Settings.DockerMode.HOST, Optional.empty(), Optional.empty());
    }

    /** {@code <stateRoot>/<name>}: beside the production stack's own state directory. */
    static String stateDir(String productionStateDir, String name) {
        int slash = productionStateDir.lastIndexOf('/');
        return (slash < 0 ? "" : productionStateDir.substring(0, slash)) + "/" + name;
    }

    /**
     * What a rehearsal measured.
     *
     * @param phases        seconds per phase, in the order they ran (deploy, copy, verify, start, remove)
     * @param databaseBytes the copy's database size
     * @param files         the copy's filestore files
     * @param verified      whether the verification found the copy equal to the source
     */
    public record Record(Instant time, Map<String, Double> phases, long databaseBytes, long files, boolean verified) {
        public Record {
            phases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(phases));
        }

        /** The freeze window the final copy should take: the proof, then the copy, its verification and Odoo's start. */
        public double freezeWindowSeconds() {
            return FREEZE_PROOF_SECONDS + WINDOW_PHASES.stream().mapToDouble(p -> phases.getOrDefault(p, 0.0)).sum();
        }
    }

    /** The record's file: a line per fact, a line {@code phase NAME SECONDS} per phase. */
    public static String format(Record r) {
        StringBuilder b = new StringBuilder("# the last bin/odoo-stack cutover rehearse (docs/cutover.md)\n");
        b.append("time ").append(r.time()).append('\n');
        r.phases().forEach((name, s) -> b.append(String.format(Locale.ROOT, "phase %s %.1f%n", name, s)));
        b.append("database-bytes ").append(r.databaseBytes()).append('\n');
        b.append("files ").append(r.files()).append('\n');
        b.append("verified ").append(r.verified()).append('\n');
        return b.toString();
    }

    /** What {@link #format} wrote; a record without a time or any of the window's phases is not one. */
    public static Optional<Record> parse(String text) {
        Instant time = null;
        Map<String, Double> phases = new LinkedHashMap<>();
        long bytes = 0;
        long files = 0;
        boolean verified = false;
        try {
            for (String line : text.split("\n")) {
                String[] w = line.strip().split("\\s+");
                switch (w[0]) {
                    case "time" -> time = w.length > 1 ? Instant.parse(w[1]) : null;
                    case "phase" -> {
                        if (w.length > 2) {
                            phases.put(w[1], Double.parseDouble(w[2]));
                        }
                    }
                    case "database-bytes" -> bytes = w.length > 1 ? Long.parseLong(w[1]) : 0;
                    case "files" -> files = w.length > 1 ? Long.parseLong(w[1]) : 0;
                    case "verified" -> verified = w.length > 1 && w[1].equals("true");
                    default -> {
                        // comments and keys of later versions
                    }
                }
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (time == null || !phases.keySet().containsAll(WINDOW_PHASES)) {
            return Optional.empty();
        }
        return Optional.of(new Record(time, phases, bytes, files, verified));
    }

    /** One line per phase as the rehearsal prints it: {@code rehearse copy    ... in 12.3 s}. */
    public static String phaseLine(String phase, String what, double seconds) {
        return String.format(Locale.ROOT, "rehearse %-7s %s in %.1f s", phase, what, seconds);
    }

    /** The phases of a record as one list: {@code copy 12.3 s + verify 1.0 s + start 8.0 s}. */
    static String window(Record r) {
        List<String> parts = new ArrayList<>();
        parts.add("freeze proof " + FREEZE_PROOF_SECONDS + " s");
        WINDOW_PHASES.forEach(p -> parts.add(String.format(Locale.ROOT, "%s %.1f s", p, r.phases().getOrDefault(p, 0.0))));
        return String.join(" + ", parts);
    }
}
