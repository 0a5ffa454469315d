package dev.odoostack.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.odoostack.model.CommandSpec;
import dev.odoostack.model.ContainerSpec;
import dev.odoostack.model.Deployment;
import dev.odoostack.model.ServiceSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The compose engine's {@code command:local:Command}: the stack's commands with the same command lines, the same
 * environment and the same run rules as under Pulumi — {@code create} when first run and whenever a trigger changes,
 * {@code update} when another input changes, nothing otherwise — recorded per stack only once a command succeeded,
 * so a failed command runs again at the next {@code up}. Commands the containers need (the addon checkout) run
 * before {@code docker-compose up}; commands that need the containers (the restore) after they are healthy.
 */
final class LocalCommands {
    static final String FILE = "commands.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalCommands() {
    }

    /** Writes the deployment's commands next to the rendered compose file (readable by the operator only). */
    static void write(Deployment d, Path dir) throws IOException {
        ArrayNode list = JSON.createArrayNode();
        for (ServiceSpec svc : d.services()) {
            for (CommandSpec c : svc.commands()) {
                ObjectNode n = list.addObject();
                n.put("name", c.name());
                n.put("create", c.create());
                n.put("update", c.update());
                ObjectNode env = n.putObject("environment");
                c.environment().forEach(env::put);
                // docker exec/stop/start in a command must reach the same engine as the containers (as under Pulumi)
                d.dockerHost().ifPresent(h -> env.put("DOCKER_HOST", h));
                c.triggers().forEach(n.putArray("triggers")::add);
                n.put("phase", c.phase().name().toLowerCase(java.util.Locale.ROOT));
                ArrayNode restarts = n.putArray("restarts");
                for (ServiceSpec other : d.services()) {
                    for (ContainerSpec k : other.containers()) {
                        if (k.restartOn().contains(c.name())) {
                            restarts.add(k.dockerName());
                        }
                    }
                }
            }
        }
        Path file = dir.resolve(FILE);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(list) + "\n");
    }

    /**
     * Runs the commands of one phase that are due.
     *
     * @param restarts receives the containers to restart because a command's output changed (one name per line)
     * @return 0, or the exit status of the first command that failed (later ones are not run)
     */
    static int run(Path rendered, Path stateDir, Path workdir, CommandSpec.Phase phase, Path restarts, PrintStream out,
                   PrintStream err) throws IOException {
        Files.createDirectories(stateDir);
        List<String> toRestart = new ArrayList<>();
        for (JsonNode c : JSON.readTree(rendered.resolve(FILE).toFile())) {
            if (!c.path("phase").asText().equalsIgnoreCase(phase.name())) {
                continue;
            }
            String name = c.path("name").asText();
            Path state = stateDir.resolve(name + ".json");
            JsonNode before = Files.isRegularFile(state) ? JSON.readTree(state.toFile()) : null;
            String inputs = inputsDigest(c);
            String script;
            String why;
            if (before == null) {
                script = c.path("create").asText();
                why = "first run";
            } else if (!before.path("triggers").equals(c.path("triggers"))) {
                script = c.path("create").asText();
                why = "a trigger changed";
            } else if (!before.path("inputs").asText().equals(inputs)) {
                script = c.path("update").asText().isEmpty() ? c.path("create").asText() : c.path("update").asText();
                why = "its settings changed";
            } else {
                out.println("odoo-stack: " + name + ": unchanged, not run");
                continue;
            }
            out.println("odoo-stack: " + name + ": running (" + why + ")");
            out.flush();
            Result r = exec(c, script, List.of(), workdir, out, err);
            if (r.exit() != 0) {
                String reason = r.lastError().isEmpty() ? "its output is above" : r.lastError();
                if (reason.startsWith(name + ": ")) {
                    reason = reason.substring(name.length() + 2);
                }
                // the last line: which command, what it means for the stack, and why (its own last word, the fix)
                err.println("odoo-stack: " + name + " failed (exit " + r.exit() + ")"
                        + (phase == CommandSpec.Phase.BEFORE ? ", so no container was created or changed" : "")
                        + "; nothing was recorded, so the next up runs it again: " + reason);
                writeRestarts(restarts, toRestart);
                return r.exit();
            }
            ObjectNode record = JSON.createObjectNode();
            record.set("triggers", c.path("triggers"));
            record.put("inputs", inputs);
            record.put("stdout", r.stdout());
            Files.writeString(state, JSON.writeValueAsString(record) + "\n");
            if (before != null && !before.path("stdout").asText().equals(r.stdout())) {
                c.path("restarts").forEach(k -> toRestart.add(k.asText()));
            }
        }
        writeRestarts(restarts, toRestart);
        return 0;
    }

    /**
     * Runs one command's {@code create} now, whatever its record says, with extra arguments (e.g. --rollback), and
     * {@link CommandSpec#ACTION} naming it: the operator asked for it.
     *
     * @param restarts receives, once it succeeded, the containers that run on what the command produced
     * @param ifDeclared a stack without the command is not an error (rebuild: the addon checkout, where declared)
     */
    static int runNow(Path rendered, String name, List<String> args, Path workdir, Path restarts, boolean ifDeclared,
                      PrintStream out, PrintStream err) throws IOException {
        for (JsonNode c : JSON.readTree(rendered.resolve(FILE).toFile())) {
            if (c.path("name").asText().equals(name)) {
                ObjectNode asked = c.deepCopy();
                ((ObjectNode) asked.path("environment")).put(CommandSpec.ACTION, name);
                int exit = exec(asked, c.path("create").asText(), args, workdir, out, err).exit();
                List<String> toRestart = new ArrayList<>();
                c.path("restarts").forEach(k -> toRestart.add(k.asText()));
                writeRestarts(restarts, exit == 0 ? toRestart : List.of());
                return exit;
            }
        }
        writeRestarts(restarts, List.of());
        if (ifDeclared) {
            return 0;
        }
        err.println("odoo-stack: this stack declares no " + name + " command");
        return 2;
    }

    /** @param lastError the last line the command wrote to stderr that is not blank */
    private record Result(int exit, String stdout, String lastError) {
    }

    /**
     * {@code /bin/sh -c}, as pulumi-command runs a command; its output and its messages are shown as they come, the
     * output kept, and the last message too: it says why the command failed.
     */
    private static Result exec(JsonNode c, String script, List<String> args, Path workdir, PrintStream out,
                               PrintStream err) throws IOException {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", args.isEmpty() ? script : script + " \"$@\"", "sh"));
        argv.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(workdir.toFile())
                .redirectInput(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        for (Iterator<Map.Entry<String, JsonNode>> it = c.path("environment").fields(); it.hasNext(); ) {
            var e = it.next();
            env.put(e.getKey(), e.getValue().asText());
        }
        Process p = pb.start();
        String[] lastError = {""};
        Thread messages = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    err.println(line);
                    err.flush();
                    if (!line.isBlank()) {
                        lastError[0] = line.strip();
                    }
                }
            } catch (IOException e) {
                // the command's messages end with it
            }
        }, "command-stderr");
        messages.start();
        StringBuilder kept = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.println(line);
                out.flush();
                kept.append(line).append('\n');
            }
        }
        try {
            int exit = p.waitFor();
            messages.join();
            return new Result(exit, kept.toString(), lastError[0]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
            return new Result(130, kept.toString(), lastError[0]);
        }
    }

    private static String inputsDigest(JsonNode c) {
        var inputs = new TreeMap<String, Object>();
        inputs.put("create", c.path("create").asText());
        inputs.put("update", c.path("update").asText());
        inputs.put("environment", c.path("environment"));
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsBytes(inputs));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeRestarts(Path file, List<String> names) throws IOException {
        if (file != null) {
            Files.writeString(file, names.isEmpty() ? "" : String.join("\n", names) + "\n");
        }
    }
}
