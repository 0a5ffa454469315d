package dev.odoostack.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import java.util.List;

/** {@code up}: deploy the stack with its engine. */
@Command(name = "up",
        customSynopsis = "bin/odoo-stack up <stack> [--engine pulumi|compose] [pulumi up options]",
        description = {
                "Build the program, then `pulumi up` the stack with the embedded defaults:",
                "local Docker, Pulumi's local file backend in .odoo-stack/state, passphrase",
                "secrets (passphrase generated once into .odoo-stack/passphrase, mode 600),",
                "and strong random passwords for any secret the stack lacks.",
                "--engine compose: no Pulumi; the same model rendered as a compose project for",
                "the Docker engine at $DOCKER_HOST (docs/testing.md), passwords generated into",
                ".odoo-stack/compose/<stack>/passwords/, then `docker-compose up`, waiting",
                "until every container is healthy. The stack's commands run as under Pulumi:",
                "the addon checkout before the containers, the restore (when first declared",
                "and at each new restoreGeneration, unless restoreOnFirstUp is false) once",
                "they are healthy. Changes that would damage the running stack (state root,",
                "volume mode, Odoo series, PostgreSQL major, database name) are refused first,",
                "as with Pulumi (docs/operations.md)."})
final class Up extends ScriptCommand {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Unmatched
    List<String> passThrough;

    @Mixin
    EngineOption engine;

    @Override
    EngineOption engine() {
        return engine;
    }

    Up(Env env) {
        super(env);
    }
}
