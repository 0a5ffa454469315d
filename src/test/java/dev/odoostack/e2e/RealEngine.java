package dev.odoostack.e2e;

import dev.odoostack.testing.Cmd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real Docker engine that {@code bin/real-engine prepare} started, and the operator's commands run against it.
 * Everything here runs for real: dockerd, docker-compose, bin/odoo-stack, PostgreSQL, Traefik; the one stand-in is
 * the Odoo image (see docs/testing.md).
 */
final class RealEngine {
    static final Path REPO = Path.of("").toAbsolutePath();
    static final String DOCKER_HOST = engine();

    private RealEngine() {
    }

    private static String engine() {
        // bin/test passes the engine under a name of its own: Pulumi's docker provider reads DOCKER_HOST
        String host = System.getenv("ODOO_STACK_TEST_DOCKER_HOST");
        if (host == null || host.isBlank()) {
            host = System.getenv("DOCKER_HOST");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalStateException("the real-engine tests need the engine of bin/real-engine: run them with "
                    + "bin/test --e2e (or eval \"$(bin/real-engine prepare --env)\" first)");
        }
        return host;
    }

    /**
     * The two engines bin/odoo-stack deploys with. Pulumi is the primary one: the real CLI, the real docker and
     * command providers, and the STAND-IN for pulumi-language-java (src/test/language-host), all built by
     * bin/real-engine. Compose is the documented way without Pulumi.
     */
    enum Engine {
        PULUMI, COMPOSE;

        /** The flags bin/odoo-stack up|preview|destroy|restore|rebuild take for this engine. */
        List<String> flags(String command) {
            if (this == COMPOSE) {
                return List.of("--engine", "compose");
            }
            // non-interactive: Pulumi asks for confirmation unless told
            return switch (command) {
                case "up", "destroy" -> List.of("--yes", "--skip-preview");
                case "restore", "rebuild" -> List.of("--yes");
                default -> List.of();
            };
        }
    }

    /**
     * Notes that the calling test class deploys on this engine, for bin/test's count of scenarios per engine:
     * one line per engine in target/e2e-engines/CLASS (a class that uses both has two).
     */
    static void record(Class<?> testClass, String engine) {
        try {
            Path file = Files.createDirectories(REPO.resolve("target/e2e-engines")).resolve(testClass.getName());
            List<String> seen = Files.exists(file) ? Files.readAllLines(file) : List.of();
            if (!seen.contains(engine)) {
                Files.writeString(file, engine + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The test class (a *Test of this package) that called into here. */
    static Class<?> caller() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .map(StackWalker.StackFrame::getDeclaringClass)
                .filter(c -> c.getPackageName().equals(RealEngine.class.getPackageName()) && c.getSimpleName().endsWith("Test"))
                .findFirst().orElse(RealEngine.class));
    }

    /**
     * The directory of the Pulumi engine bin/real-engine built: the CLI, pulumi-resource-docker,
     * pulumi-resource-command and the language host stand-in. Fails in one line where it is missing.
     */
    static Path pulumiEngine() {
        Path cli = dev.odoostack.testing.PulumiCli.find().orElseThrow(() -> new IllegalStateException(dev.odoostack.testing.PulumiCli.ABSENT));
        Path dir = cli.getParent();
        for (String piece : List.of("pulumi-resource-docker", "pulumi-resource-command", "pulumi-language-java")) {
            if (!Files.isExecutable(dir.resolve(piece))) {
                throw new IllegalStateException("no " + piece + " beside " + cli + ": bin/real-engine prepare builds the Pulumi engine"
                        + " (it needs git directories of pulumi/pulumi-command, pulumi/pulumi-docker and"
                        + " kreuzwerker/terraform-provider-docker: docs/testing.md#the-pulumi-engine)");
            }
        }
        return dir;
    }

    static Map<String, String> env() {
        Map<String, String> env = new TreeMap<>();
        env.put("DOCKER_HOST", DOCKER_HOST);
        env.put("DOCKER_BUILDKIT", "0");
        env.put("COMPOSE_DOCKER_CLI_BUILD", "0");
        return env;
    }

    static Cmd.Result docker(String... args) {
        List<String> c = new ArrayList<>(List.of("docker"));
        c.addAll(Arrays.asList(args));
        return Cmd.run(c, env(), null, Duration.ofMinutes(5));
    }

    static String dockerOk(String... args) {
        return docker(args).orThrow().out().strip();
    }

    /** Removes every container, network and named volume of a stack, whatever left them (a failed test). */
    static void wipe(String stack) {
        String ids = docker("ps", "-aq", "--filter", "label=odoo-stack.stack=" + stack).out().strip();
        if (!ids.isEmpty()) {
            List<String> c = new ArrayList<>(List.of("rm", "-f"));
            c.addAll(List.of(ids.split("\\s+")));
            docker(c.toArray(String[]::new));
        }
        // every network of the stack (proxy, db, edge, docker-api-net, backup-net): Docker 20.10 lets a second
        // network take a name that exists, and containers then fail on an "ambiguous" network
        for (String n : docker("network", "ls", "--format", "{{.Name}}").out().strip().split("\\s+")) {
            if (n.startsWith(stack + "-")) {
                docker("network", "rm", n);
            }
        }
        for (String v : docker("volume", "ls", "-q", "--filter", "name=^" + stack + "-").out().strip().split("\\s+")) {
            if (!v.isBlank()) {
                docker("volume", "rm", "-f", v);
            }
        }
    }

    /** Polls until the condition holds; fails with the message after the deadline. */
    static void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + limit + ": " + what);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    /** psql inside the stack's PostgreSQL container, as the stack's database user, over its socket. */
    static String psql(String stack, String db, String sql) {
        return dockerOk("exec", stack + "-postgres", "psql", "-U", "odoo", "-d", db, "-v", "ON_ERROR_STOP=1", "-Atc", sql);
    }

    /** An HTTP answer: status code, headers (names lower-case), body. */
    record Http(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /**
     * One HTTP/1.1 request over a plain socket to the host port, with the Host header given: what a browser asking
     * for that name gets from Traefik. (Java's HTTP client may not set Host.)
     */
    static Http get(int port, String host, String path, Map<String, String> extraHeaders) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
            extraHeaders.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            req.append("Connection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return parse(s.getInputStream());
        } catch (IOException e) {
            return new Http(-1, Map.of(), e.toString());
        }
    }

    static Http get(int port, String host, String path) {
        return get(port, host, path, Map.of());
    }

    private static Http parse(InputStream in) throws IOException {
        byte[] all;
        try {
            all = in.readAllBytes();
        } catch (java.net.SocketTimeoutException e) {
            all = new byte[0];
        }
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        String[] lines = head.split("\r\n");
        if (lines.length == 0 || !lines[0].startsWith("HTTP/")) {
            return new Http(-1, Map.of(), text);
        }
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(), lines[i].substring(colon + 1).strip());
            }
        }
        return new Http(status, headers, body);
    }

    /**
     * A project directory for one test: the repository's Pulumi.yaml, the suite's stack files ({@link TestStacks}:
     * the repository's, with only the keys that need access the test machine lacks replaced) with a state root of
     * the test's own and the lines given, and the repository's docker/ for the image builds.
     */
    static final class Project {
        final Path dir;
        final Path home;
        final Path stateRoot;
        /** The repositories the suite's stack files name in place of private ones (TestStacks). */
        final Path fixtures;

        /** The engine up, preview, destroy, restore and rebuild use. */
        final Engine engine;

        Project(Path tmp, Map<String, List<String>> extraLines) throws IOException {
            this(tmp, extraLines, Engine.PULUMI);
        }

        Project(Path tmp, Map<String, List<String>> extraLines, Engine engine) throws IOException {
            this.engine = engine;
            record(caller(), engine.name().toLowerCase());
            dir = Files.createDirectories(tmp.resolve("project"));
            home = tmp.resolve("home");
            stateRoot = tmp.resolve("state");
            fixtures = tmp.resolve("fixtures");
            TestStacks.makeFixtures(fixtures);
            Files.copy(REPO.resolve("Pulumi.yaml"), dir.resolve("Pulumi.yaml"));
            Files.createSymbolicLink(dir.resolve("docker"), REPO.resolve("docker"));
            // Pulumi.yaml's runtime runs target/odoo-stack.jar from the project directory
            Files.createSymbolicLink(dir.resolve("target"), REPO.resolve("target"));
            for (String stack : List.of("opw", "cm")) {
                setStackFile(stack, extraLines.getOrDefault(stack, List.of()));
            }
        }

        /** The suite's stack file with the state root of this test and the lines given (each replaces its key). */
        void setStackFile(String stack, List<String> lines) throws IOException {
            Path file = dir.resolve("Pulumi." + stack + ".yaml");
            String text = TestStacks.stackFile(stack, fixtures, stateRoot, lines);
            Files.writeString(file, Files.exists(file) ? withPulumiSecrets(Files.readString(file), text) : text);
        }

        /**
         * The stack file given, with what Pulumi keeps in the one it replaces: the passphrase's salt and each secret
         * (bin/odoo-stack generated them), as an operator's edit keeps them. Without, the next up would start with
         * new passwords.
         */
        static String withPulumiSecrets(String old, String fresh) {
            List<String> lines = old.lines().toList();
            StringBuilder out = new StringBuilder();
            lines.stream().filter(l -> l.startsWith("encryptionsalt:")).forEach(l -> out.append(l).append('\n'));
            out.append(fresh.stripTrailing()).append('\n');
            for (int i = 0; i + 1 < lines.size(); i++) {
                String key = lines.get(i).strip();
                if (lines.get(i).matches("  \\S+:\\s*") && lines.get(i + 1).matches("    secure: \\S+")
                        && !fresh.contains("\n  " + key)) {
                    out.append(lines.get(i)).append('\n').append(lines.get(i + 1)).append('\n');
                }
            }
            return out.toString();
        }

        /**
         * Removes the restore the committed stack file declares: the settings refuse one into a production stack
         * or with named volumes, which some scenarios are about.
         */
        void withoutRestore(String stack) throws IOException {
            Path file = dir.resolve("Pulumi." + stack + ".yaml");
            Files.writeString(file, String.join("\n", Files.readAllLines(file).stream()
                    .filter(l -> !l.strip().startsWith("odoo-stack:restore")).toList()) + "\n");
        }

        /** The settings of this project's stack file, as the program reads them (passwords are generated later). */
        dev.odoostack.config.Settings settings(String stack) {
            return dev.odoostack.config.SettingsParser.parse(stack,
                    dev.odoostack.config.StackFile.read(dir.resolve("Pulumi." + stack + ".yaml")),
                    dev.odoostack.config.SecretPolicy.ALLOW_MISSING);
        }

        /** The Odoo version the stack runs: the tag of its image, or of the image it is built FROM. */
        String odooVersion(String stack) {
            dev.odoostack.config.Settings s = settings(stack);
            String image = s.odoo().build().map(dev.odoostack.config.Settings.Build::baseImage).orElse(s.odoo().image());
            return image.substring(image.lastIndexOf(':') + 1);
        }

        /** bin/odoo-stack as an operator runs it, with this project and a fresh ODOO_STACK_HOME. */
        Cmd.Result odooStack(String... args) {
            List<String> c = new ArrayList<>(List.of(REPO.resolve("bin/odoo-stack").toString()));
            c.addAll(Arrays.asList(args));
            return Cmd.run(c, operatorEnv(), null, Duration.ofMinutes(8));
        }

        /**
         * What an operator's shell holds: the test engine, this project and a home of its own, and on PATH the
         * Pulumi engine (so the Pulumi CLI of this machine, if any, is never used).
         */
        Map<String, String> operatorEnv() {
            Map<String, String> env = env();
            env.put("ODOO_STACK_HOME", home.toString());
            env.put("ODOO_STACK_PROJECT_DIR", dir.toString());
            if (engine == Engine.PULUMI) {
                env.put("PATH", pulumiEngine() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
                env.put("PULUMI_HOME", home.resolve("pulumi-home").toString());
                env.put("PULUMI_SKIP_UPDATE_CHECK", "true");
                env.put("PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION", "true");
            }
            return env;
        }

        /** bin/odoo-stack COMMAND STACK with this project's engine's flags, then the arguments given. */
        Cmd.Result onEngine(String command, String stack, String... args) {
            List<String> c = new ArrayList<>(List.of(command, stack));
            c.addAll(engine.flags(command));
            c.addAll(Arrays.asList(args));
            return odooStack(c.toArray(String[]::new));
        }

        Cmd.Result up(String stack) {
            return onEngine("up", stack);
        }

        void upOk(String stack) {
            Cmd.Result r = up(stack);
            assertEquals(0, r.exit(), () -> "bin/odoo-stack up " + stack + " (" + engine + ") failed:\n" + r.err() + r.out());
        }

        /** A backup, then its restore drill passed: what a cutover's check asks of a production stack. */
        void backupAndDrillOk(String stack) {
            for (String[] step : List.of(new String[]{"backup", stack}, new String[]{"backup", stack, "--drill"})) {
                Cmd.Result r = odooStack(step);
                assertEquals(0, r.exit(), () -> String.join(" ", step) + " failed:\n" + r.err() + r.out());
            }
        }

        Path passwords(String stack) {
            return home.resolve("compose").resolve(stack).resolve("passwords");
        }

        /** The real Pulumi CLI in this project, with the state and passphrase bin/odoo-stack uses (bin/odoo-stack env). */
        Cmd.Result pulumi(String... args) {
            return pulumiWithInput(null, args);
        }

        private Cmd.Result pulumiWithInput(String stdin, String... args) {
            List<String> c = new ArrayList<>(List.of("sh", "-c", "eval \"$(\"$0\" env)\" && cd \"$1\" && shift 2 && exec pulumi \"$@\"",
                    REPO.resolve("bin/odoo-stack").toString(), dir.toString(), "pulumi"));
            c.addAll(Arrays.asList(args));
            return Cmd.run(c, operatorEnv(), stdin, Duration.ofMinutes(3));
        }

        /**
         * What `bin/odoo-stack preview` would change on the Pulumi engine, as Pulumi's own steps: the type and name
         * of each resource (e.g. {@code docker:index/container:Container::odoo}) and its operation (update,
         * replace, create, delete); resources left as they are and reads are not listed.
         */
        Map<String, String> previewChanges(String stack) {
            Cmd.Result r = odooStack("preview", stack, "--json");
            assertEquals(0, r.exit(), () -> "bin/odoo-stack preview " + stack + " --json failed:\n" + r.err() + r.out());
            Map<String, String> changes = new TreeMap<>();
            try {
                String out = r.out();
                for (var step : new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.substring(out.indexOf('{'))).path("steps")) {
                    String op = step.path("op").asText();
                    if (!op.equals("same") && !op.equals("read")) {
                        String urn = step.path("urn").asText();
                        String type = urn.split("::")[2];
                        changes.put(type.substring(type.lastIndexOf('$') + 1) + "::" + urn.substring(urn.lastIndexOf("::") + 2), op);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("pulumi preview --json printed no JSON: " + r.out(), e);
            }
            return changes;
        }

        /** A password the stack runs with, from where its engine keeps it (a Pulumi secret, or the compose files). */
        String secret(String stack, String key) throws IOException {
            if (engine == Engine.COMPOSE) {
                return password(stack, key);
            }
            return pulumi("config", "get", key, "--stack", stack).orThrow().out().strip();
        }

        /**
         * A password the stack runs with, in a file of the test's own (its owner's alone), for tools that read a
         * password file (restic --password-file): the compose engine's own file, or the Pulumi secret written out.
         */
        Path secretFile(String stack, String key) {
            if (engine == Engine.COMPOSE) {
                return passwords(stack).resolve(key);
            }
            try {
                Path file = Files.createDirectories(home.resolve("secret-files")).resolve(stack + "-" + key);
                Files.deleteIfExists(file);
                Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, secret(stack, key) + "\n");
                return file;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /**
         * A secret issued elsewhere (S3 keys), given as an operator does (docs/backups.md): a Pulumi secret through
         * stdin, or for the compose engine a file named after the key in the stack's passwords directory, its
         * owner's alone.
         */
        void setSecret(String stack, String key, String value) throws IOException {
            if (engine == Engine.PULUMI) {
                // the stack exists once an up ran; before, an operator creates it (bin/odoo-stack up would)
                pulumi("stack", "select", "--create", stack).orThrow();
                pulumiWithInput(value, "config", "set", "--secret", key, "--stack", stack).orThrow();
                return;
            }
            var owner = java.nio.file.attribute.PosixFilePermissions.fromString("rwx------");
            for (Path d = passwords(stack); !d.equals(home.getParent()); d = d.getParent()) {
                Files.createDirectories(d);
                Files.setPosixFilePermissions(d, owner);
            }
            Path file = passwords(stack).resolve(key);
            Files.writeString(file, value + "\n");
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }

        String password(String stack, String key) throws IOException {
            return Files.readString(passwords(stack).resolve(key)).strip();
        }

        Path rendered(String stack) {
            return home.resolve("compose").resolve(stack).resolve("project");
        }
    }

    /** Container ids by name, for telling which containers an update replaced. */
    static Map<String, String> containerIds(String stack) {
        Map<String, String> ids = new TreeMap<>();
        for (String line : dockerOk("ps", "-a", "--filter", "label=odoo-stack.stack=" + stack,
                "--format", "{{.Names}} {{.ID}}").split("\n")) {
            if (!line.isBlank()) {
                String[] p = line.split(" ");
                ids.put(p[0], p[1]);
            }
        }
        return ids;
    }
}
