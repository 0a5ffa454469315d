package dev.odoostack.commands;

import dev.odoostack.engine.Failure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The stacks of a project: one stack file Pulumi.&lt;stack&gt;.yaml each. */
final class Stacks {
    private static final Pattern FILE = Pattern.compile("^(?:.*/)?Pulumi\\.([^/]+)\\.yaml$");

    private Stacks() {
    }

    static List<String> names(Path project) {
        try (Stream<Path> files = Files.list(project)) {
            return files.map(p -> FILE.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> m.group(1)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The stack name given on the command line, checked against the project's stack files.
     *
     * @param command the command as the operator typed it, for the fix
     */
    static String check(Env env, String given, String command) {
        String files = String.join(" ", names(env.project()));
        if (given == null || given.isEmpty() || given.startsWith("-")) {
            throw new Failure("which stack? e.g. bin/odoo-stack " + command + " opw (stack files: " + files + ")", 2);
        }
        Matcher m = FILE.matcher(given);
        if (m.matches()) {
            // a stack file given where its stack name belongs: the name is the file's middle part
            throw new Failure(given + " is a stack file; give its stack name instead: bin/odoo-stack " + command + " "
                    + m.group(1), 2);
        }
        if (!Files.isRegularFile(env.project().resolve("Pulumi." + given + ".yaml"))) {
            throw new Failure("no stack file Pulumi." + given + ".yaml in " + env.project() + " (stack files: " + files + ")");
        }
        return given;
    }
}
