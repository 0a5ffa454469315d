package dev.odoostack.commands;

import dev.odoostack.config.SettingsTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

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
        try {
            List<Path> changed = SettingsTable.write(env.repo());
            env.out().println(changed.isEmpty() ? "Pulumi.yaml and docs/configuration.md were up to date"
                    : "rewrote " + changed.stream().map(Path::toString).collect(Collectors.joining(", ")));
            return 0;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            env.err().println("odoo-stack settings: " + e.getMessage());
            return 1;
        }
    }
}
