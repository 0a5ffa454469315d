package dev.odoostack.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import java.util.List;

/** {@code init}: create the stack's database. */
@Command(name = "init",
        customSynopsis = "bin/odoo-stack init <stack> [--modules a,b] [--language xx_XX] [--demo]",
        description = {
                "Create the stack's database (a fresh stack has none): Odoo stops, a one-off",
                "container of its image runs `odoo -i base,<modules> --without-demo=all",
                "--load-language xx_XX --stop-after-init`, the admin login gets the password",
                "odooAdminLoginPassword (never shown; the last line says how to read it), Odoo",
                "starts. Refused, changing nothing, when the database exists."})
final class Init extends ScriptCommand {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Option(names = "--modules", paramLabel = "a,b", description = "modules to install besides base")
    String modules;

    @Option(names = "--language", paramLabel = "xx_XX", description = "a language to load, e.g. de_DE")
    String language;

    @Option(names = "--demo", description = "with Odoo's demo data")
    boolean demo;

    Init(Env env) {
        super(env);
    }

    @Override
    boolean needsDocker() {
        return true;
    }
}
