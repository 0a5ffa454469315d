package dev.odoostack.commands;

import dev.odoostack.engine.Docker;
import dev.odoostack.engine.Failure;
import dev.odoostack.engine.Health;
import dev.odoostack.engine.OdooTask;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** What init and update share: the database asked in PostgreSQL's container, Odoo stopped and started, the log, progress. */
final class DatabaseLife {
    private DatabaseLife() {
    }

    /**
     * The running stack init and update work on, from its model: the engine, PostgreSQL's container and Odoo's
     * (every replica; the first runs the one-off tasks), which must exist, and the database's name; and what the
     * two do to it.
     */
    record Running(Env env, StackFacts facts, Docker docker, String postgres, List<String> odoos, String odoo, String db) {
        static Running of(Env env, String stack) {
            StackFacts facts = StackFacts.load(env, stack);
            Docker docker = facts.docker();
            String postgres = DayTwo.need(facts, docker, facts.containerName("postgres"));
            List<String> odoos = dev.odoostack.odoo.Odoo.containerNames(facts.stack(), facts.settings().odoo().replicas());
            String odoo = DayTwo.need(facts, docker, odoos.get(0));
            return new Running(env, facts, docker, postgres, odoos, odoo, facts.outputs().database());
        }

        String stack() {
            return facts.stack();
        }

        /** Whether the stack's database exists; PostgreSQL not answering is a failure naming its logs. */
        boolean hasDatabase() {
            var r = docker.run("exec", postgres, "psql", "-U", docker.envOf(postgres, "POSTGRES_USER"), "-d", "postgres", "-Atc",
                    "SELECT count(*) FROM pg_database WHERE datname = '" + db + "'");
            if (!r.ok()) {
                throw new Failure("PostgreSQL of stack " + stack() + " does not answer (" + postgres + "): bin/odoo-stack logs "
                        + stack() + " postgres");
            }
            return r.text().equals("1");
        }

        void psql(String sql) {
            docker.run("exec", postgres, "psql", "-U", docker.envOf(postgres, "POSTGRES_USER"), "-d", "postgres", "-qc", sql);
        }

        void stopOdoo() {
            for (String c : odoos) {
                docker.run("stop", c);
            }
        }

        /** Every Odoo container started, and healthy within the deadline. */
        void startOdoo() {
            for (String c : odoos) {
                docker.run("start", c);
            }
            Health.waitHealthy(docker, odoos, Health.limit(env.vars()), "bin/odoo-stack logs " + stack(), env.err());
        }

        /** A one-off container of Odoo's (engine.OdooTask) run with stdin (null: none), its output appended to log; its exit code. */
        int odooTask(String name, List<String> args, String stdin, Path log) {
            return OdooTask.run(docker, stack(), odoo, postgres, name, args, stdin, log);
        }

        /** A new log file of the command under the state home: logs/<stack>-<what>-<UTC time>.log. */
        Path log(String what) {
            try {
                Path dir = Files.createDirectories(env.home().resolve("logs"));
                String at = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(java.time.Instant.now());
                return Files.createFile(dir.resolve(stack() + "-" + what + "-" + at + ".log"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The first ERROR line of an Odoo log, else its last line (a traceback's last line is its exception). */
    static String lastError(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.stream().filter(l -> l.contains(" ERROR ") || l.contains("ERROR:")).findFirst()
                    .orElse(lines.stream().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("no output"));
        } catch (IOException e) {
            return "no output";
        }
    }

    /** "odoo-stack: <command> <phase> in N s", timed from the last step. */
    static final class Progress {
        private final PrintStream err;
        private final String command;
        private final long start = System.nanoTime();
        private long mark = start;

        Progress(PrintStream err, String command) {
            this.err = err;
            this.command = command;
        }

        void step(String phase) {
            long now = System.nanoTime();
            err.println("odoo-stack: " + command + " " + phase + " in " + seconds(now - mark) + " s");
            mark = now;
        }

        String total() {
            return seconds(System.nanoTime() - start);
        }

        private static String seconds(long nanos) {
            return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
        }
    }
}
