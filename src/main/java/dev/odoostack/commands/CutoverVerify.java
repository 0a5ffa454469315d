package dev.odoostack.commands;

import dev.odoostack.cutover.DatabaseFacts;
import dev.odoostack.cutover.FilestoreFacts;
import dev.odoostack.cutover.Verification;
import dev.odoostack.engine.Docker;
import dev.odoostack.engine.Failure;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The verification's shell (docs/cutover.md): reads the source's and the copy's facts with the same query and the
 * same commands, leaves every comparison to {@link Verification}, writes the report and prints its one line.
 */
final class CutoverVerify {
    /** Long enough to count the rows of a large database and checksum the files a sync left behind. */
    static final Duration LIMIT = Duration.ofHours(1);

    /** A shell command line with standard input, run on one side; its output, or a Failure that names the side. */
    interface Host {
        String run(String command, String stdin);
    }

    /**
     * One side of the comparison.
     *
     * @param sql       runs SQL (psql, unaligned, tuples only, stopping at the first error) on the side's database
     * @param filestore the database's filestore directory, where {@code shell} runs
     */
    record Side(String label, UnaryOperator<String> sql, Host shell, String filestore) {
    }

    private CutoverVerify() {
    }

    /**
     * Verifies {@code copy} against {@code source}; {@code changed} names the files changed since the last sync
     * (paths under the filestore), whose checksums are compared. Writes the report to {@code report}.
     */
    static Verification.Report run(Side source, Side copy, List<String> changed, Path report, PrintStream out) {
        Instant start = Instant.now();
        DatabaseFacts sourceDb = database(source);
        DatabaseFacts copyDb = database(copy);
        Verification.Report r = Verification.of(sourceDb, copyDb, files(source, changed), files(copy, changed));
        long seconds = Duration.between(start, Instant.now()).toSeconds();
        String header = "verification of " + copy.label() + " against " + source.label() + " at " + start + " (" + seconds + " s)\n";
        try {
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, header + r.text());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println(r.summary() + " (" + seconds + " s; report: " + report + ")");
        return r;
    }

    private static DatabaseFacts database(Side side) {
        return read(side, "its database", () -> DatabaseFacts.parse(side.sql().apply(DatabaseFacts.SQL)));
    }

    private static FilestoreFacts files(Side side, List<String> changed) {
        return read(side, "its filestore " + side.filestore(), () -> new FilestoreFacts(
                FilestoreFacts.parseList(side.shell().run(FilestoreFacts.listCommand(side.filestore()), "")),
                changed.isEmpty() ? Map.of() : FilestoreFacts.parseChecksums(
                        side.shell().run(FilestoreFacts.checksumCommand(side.filestore()), String.join("\0", changed)))));
    }

    private static <T> T read(Side side, String what, Supplier<T> reading) {
        try {
            return reading.get();
        } catch (IllegalArgumentException e) {
            throw new Failure("cannot verify: " + side.label() + " answered what the verification does not read for "
                    + what + " (" + e.getMessage() + "); nothing was changed");
        }
    }

    /** The copy in the stack: its database in the postgres container, its filestore in the Odoo container. */
    static Side inStack(Docker docker, String postgres, String odoo, String database, String filestore) {
        String user = docker.envOf(postgres, "POSTGRES_USER");
        UnaryOperator<String> sql = text -> exec(docker, postgres, List.of("psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-U", user, "-d", database), text);
        Host shell = (command, stdin) -> exec(docker, odoo, List.of("sh", "-c", command), stdin);
        return new Side(database + " in " + postgres, sql, shell, filestore);
    }

    private static String exec(Docker docker, String container, List<String> command, String stdin) {
        List<String> args = new ArrayList<>(List.of("exec", "-i", container));
        args.addAll(command);
        Docker.Result r = docker.run(args, stdin, LIMIT);
        if (!r.ok()) {
            throw new Failure("cannot verify: " + command.get(0) + " in " + container + " failed ("
                    + r.err().strip().lines().reduce((a, b) -> b).orElse("exit " + r.exit()) + "); nothing was changed: docker logs "
                    + container + " may say why");
        }
        return r.out();
    }
}
