package dev.odoostack.commands;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code build}: the launcher builds the jar before any command runs; this one says so. */
@Command(name = "build",
        customSynopsis = "bin/odoo-stack build",
        description = {
                "Build target/odoo-stack.jar (done automatically when sources are newer)."})
final class Build implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    private final Env env;

    Build(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        env.err().println("odoo-stack: " + env.repo().resolve("target/odoo-stack.jar") + " is built from the sources as they are");
        return 0;
    }
}
