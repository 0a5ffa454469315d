package dev.odoostack.commands;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code env}: the exports for raw pulumi commands; paths only. */
@Command(name = "env",
        customSynopsis = "bin/odoo-stack env",
        description = {
                "The shell exports that make raw `pulumi` commands reach this checkout's stacks",
                "(backend, passphrase file, and the CLI when it lives in the tool directory):",
                "  eval \"$(bin/odoo-stack env)\"",
                "It prints paths only, never a passphrase."})
final class EnvCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    private final Env env;

    EnvCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        return EngineScript.run(env);
    }
}
