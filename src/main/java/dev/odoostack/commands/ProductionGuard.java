package dev.odoostack.commands;

import dev.odoostack.engine.Failure;

import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Pattern;

/** What production: true protects from, read from the stack file itself. */
final class ProductionGuard {
    /**
     * Quoted too: once Pulumi has rewritten the stack file (any pulumi config set, the passwords bin/odoo-stack
     * generates) every value is a string, production: "true". Read here, not through the model: a production stack
     * file with other problems is refused as production, not as a broken file.
     */
    private static final Pattern PRODUCTION = Pattern.compile("^ *odoo-stack:production: *(true|\"true\"|'true') *(#.*)?$");

    private ProductionGuard() {
    }

    static void refuseDestroy(Env env, String stack) {
        try {
            if (Files.readAllLines(env.project().resolve("Pulumi." + stack + ".yaml")).stream()
                    .anyMatch(l -> PRODUCTION.matcher(l).matches())) {
                throw new Failure("stack " + stack + " has production: true, which protects it from destroy; to tear it"
                        + " down on purpose, set odoo-stack:production: false in Pulumi." + stack + ".yaml first");
            }
        } catch (IOException e) {
            throw new Failure("cannot read Pulumi." + stack + ".yaml: " + e.getMessage());
        }
    }
}
