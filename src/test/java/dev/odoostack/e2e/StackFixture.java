package dev.odoostack.e2e;

import dev.odoostack.testing.Cmd;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One stack of a test class on the real engine, and the other machines it reaches. Registered on a class
 * ({@code @RegisterExtension static final StackFixture opw = new StackFixture("opw")}), it wipes what an earlier run
 * left of the stack and gives the class a directory of its own before the class's {@code @BeforeAll}, which then asks
 * for a legacy host, an S3 stand-in and the project with its own lines; after the class's {@code @AfterAll} it wipes
 * the stack, stops those machines and deletes the directory, whatever the tests left.
 */
final class StackFixture implements BeforeAllCallback, AfterAllCallback {
    final String stack;
    private Path tmp;
    private LegacyHost host;
    private S3StandIn s3;
    private RealEngine.Project project;

    StackFixture(String stack) {
        this.stack = stack;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        RealEngine.wipe(stack);
        tmp = Files.createTempDirectory("odoo-stack-e2e-" + stack + "-");
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            RealEngine.wipe(stack);
            if (s3 != null) {
                s3.close();
            }
            if (host != null) {
                host.close();
            }
        } finally {
            delete(tmp);
        }
    }

    /** The class's own directory; the fixture deletes it after the class. */
    Path tmp() {
        return tmp;
    }

    /** A legacy host (another machine) kept under {@code tmp/dir}. */
    LegacyHost legacyHost(String dir, String name, String subnet) throws IOException {
        // the host's account and its PostgreSQL must reach their directories below this one
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        host = LegacyHost.up(tmp.resolve(dir), name, subnet);
        return host;
    }

    /** The S3 stand-in on the legacy host's address, at the port given. */
    S3StandIn s3(int port) {
        s3 = S3StandIn.up(tmp.resolve("s3"), host, port);
        return s3;
    }

    /** The project, the stack's file with the lines given; nothing is deployed yet. */
    RealEngine.Project project(List<String> lines) throws IOException {
        project = new RealEngine.Project(tmp, Map.of(stack, lines));
        return project;
    }

    /** The project with the lines given, deployed by {@code bin/odoo-stack up}, which must succeed. */
    RealEngine.Project up(List<String> lines) throws IOException {
        project(lines).upOk(stack);
        return project;
    }

    /** The database named after the stack, as Odoo would have made it, with the SQL given run in it. */
    void database(String sql) {
        RealEngine.psql(stack, "postgres", "CREATE DATABASE " + stack);
        RealEngine.psql(stack, stack, sql);
    }

    /** Where the stack's Odoo keeps the filestore of each database. */
    Path filestoreRoot() {
        return project.stateRoot.resolve(stack).resolve("filestore/filestore");
    }

    void awaitOdooHealthy() {
        RealEngine.await(stack + "-odoo running and healthy", Duration.ofMinutes(2), () -> "running healthy".equals(
                RealEngine.docker("inspect", "--type", "container", "--format", "{{.State.Status}} {{.State.Health.Status}}",
                        stack + "-odoo").out().strip()));
    }

    /** The networks the backup container is on, by name, separated by a space. */
    String backupNetworks() {
        return RealEngine.dockerOk("inspect", "--type", "container", "--format",
                "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", stack + "-backup").strip();
    }

    /** The one-off containers that restore a backup's files, left behind ("" when none is). */
    String backupRestoreContainers() {
        return RealEngine.dockerOk("ps", "-a", "--filter", "name=" + stack + "-backup-restore-", "--format", "{{.Names}}");
    }

    /** This machine's restic on a repository of the stack's backups, with its password and the environment given. */
    Cmd.Result restic(String repository, Map<String, String> env, String... args) {
        List<String> c = new ArrayList<>(List.of("restic", "-r", repository, "--password-file",
                project.secretFile(stack, "backupPassword").toString(), "--no-cache"));
        c.addAll(List.of(args));
        return Cmd.run(c, env, null, Duration.ofMinutes(2));
    }

    /** How many snapshots the repository holds, as this machine's restic reads them. */
    long snapshots(String repository, Map<String, String> env) {
        Cmd.Result r = restic(repository, env, "snapshots", "--json");
        assertEquals(0, r.exit(), r.err());
        return r.out().split("\"short_id\"", -1).length - 1;
    }

    /** Deletes the directory and what is below it, without following a link out of it (the project's docker/). */
    private static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
