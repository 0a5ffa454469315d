package dev.odoostack.commands;

import dev.odoostack.engine.Failure;
import dev.odoostack.engine.PulumiSetup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The admin login's password (odooAdminLoginPassword), from where the engine that deployed the stack keeps secrets
 * (the compose engine's password file, else the Pulumi secret); generated there when missing. Never printed.
 */
final class AdminLogin {
    static final String KEY = "odooAdminLoginPassword";

    private AdminLogin() {
    }

    static Path composeFile(Env env, String stack) {
        return env.home().resolve("compose").resolve(stack).resolve("passwords").resolve(KEY);
    }

    static boolean onCompose(Env env, String stack) {
        return Files.isRegularFile(env.home().resolve("compose").resolve(stack).resolve("project/docker-compose.yml"));
    }

    static String password(Env env, StackFacts facts) {
        String stack = facts.stack();
        try {
            String value;
            if (onCompose(env, stack)) {
                Path file = composeFile(env, stack);
                if (!Files.exists(file) || Files.size(file) == 0) {
                    Files.createDirectories(file.getParent());
                    Files.deleteIfExists(file);
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, PulumiSetup.randomSecret());
                    env.err().println("odoo-stack: generated " + KEY + " for stack " + stack + " into " + file + " (mode 600)");
                }
                value = Files.readString(file).strip();
            } else {
                PulumiSetup setup = PulumiSetup.of(env.project(), env.home(), env.vars(), env.err()::println);
                value = PulumiCommands.secret(setup, stack, KEY, env);
            }
            if (value.isEmpty()) {
                throw new Failure("init: " + KEY + " of stack " + stack + " is empty: " + hint(env, stack) + " shows it");
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How the operator reads it. */
    static String hint(Env env, String stack) {
        return onCompose(env, stack) ? "cat " + composeFile(env, stack)
                : "pulumi config get " + KEY + " --stack " + stack;
    }

}
