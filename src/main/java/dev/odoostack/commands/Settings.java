package dev.odoostack.commands;

import dev.odoostack.cli.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code settings --write}: the generated parts of Pulumi.yaml and docs/configuration.md, in the checkout. */
@Command(name = "settings",
        customSynopsis = "bin/odoo-stack settings --write",
        description = {
                "Regenerate Pulumi.yaml's config block and the key table of docs/configuration.md",
                "from the one declaration of every setting (src/main/java/.../config/ConfigKeys.java)."})
final class Settings implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Option(names = "--write", required = true, description = "rewrite them (the only thing this command does)")
    boolean write;

    private final Env env;

    Settings(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        return Cli.run(new String[]{"settings", "--write", "--project-dir", env.repo().toString()}, env.vars(), env.out(), env.err());
    }
}
