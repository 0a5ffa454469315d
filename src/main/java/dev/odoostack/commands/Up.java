package dev.odoostack.commands;

import dev.odoostack.engine.ComposeEngine;
import picocli.CommandLine.Command;

import java.util.List;

/** {@code up}: deploy the stack with its engine. */
@Command(name = "up",
        customSynopsis = "bin/odoo-stack up <stack> [--engine pulumi|compose] [pulumi up options]",
        description = {
                "Build the program, then `pulumi up` the stack with the embedded defaults:",
                "local Docker, Pulumi's local file backend in .odoo-stack/state, passphrase",
                "secrets (passphrase generated once into .odoo-stack/passphrase, mode 600),",
                "and strong random passwords for any secret the stack lacks. Through Pulumi's",
                "Automation API: the program runs in this command's own JVM (no language host),",
                "Pulumi's output streams as it comes, and the last line says what changed",
                "(created, updated, replaced) and the URL. Without --yes it previews and asks",
                "on a terminal, and refuses elsewhere. Another update holding the stack's lock",
                "is one line naming who holds it and since when. Pulumi's options it takes:",
                "--yes, --skip-preview, --target, --target-replace, --replace,",
                "--target-dependents, --diff, --expect-no-changes, --message.",
                "--engine compose: no Pulumi; the same model rendered as a compose project for",
                "the Docker engine at $DOCKER_HOST (docs/testing.md), passwords generated into",
                ".odoo-stack/compose/<stack>/passwords/, then `docker-compose up`, waiting",
                "until every container is healthy. The stack's commands run as under Pulumi:",
                "the addon checkout before the containers, the restore (when first declared",
                "and at each new restoreGeneration, unless restoreOnFirstUp is false) once",
                "they are healthy. Changes that would damage the running stack (state root,",
                "volume mode, Odoo series, PostgreSQL major, database name) are refused first,",
                "as with Pulumi (docs/operations.md)."})
final class Up extends PulumiOperation {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    Up(Env env) {
        super(env);
    }

    @Override
    int onPulumi(Env env, List<String> options) {
        return PulumiCommands.up(env, stack, options);
    }

    @Override
    int onCompose(ComposeEngine compose) {
        compose.up();
        return 0;
    }
}
