package dev.odoostack.commands;

import picocli.CommandLine;

/**
 * bin/odoo-stack --help: every command with its synopsis and what it does, from each command's own declaration
 * (its {@code @Command}), then the environment variables.
 */
final class Overview {
    static final String ENVIRONMENT = """
            Environment (all optional):
              ODOO_STACK_HOME            where state and passphrase live (default: <repo>/.odoo-stack)
              ODOO_STACK_ENGINE          pulumi (default) or compose, like --engine
              ODOO_STACK_PROJECT_DIR     where Pulumi.yaml and the stack files are (default: <repo>)
              PULUMI_BACKEND_URL         use another Pulumi backend instead of the local files
              PULUMI_CONFIG_PASSPHRASE[_FILE]  use your own passphrase (a team shares one: docs/operations.md#team-use)
              ODOO_STACK_INSTALL_PULUMI  yes: install the pinned Pulumi CLI without asking, where none is found
            """;

    private Overview() {
    }

    static String text(CommandLine.Model.CommandSpec root) {
        StringBuilder b = new StringBuilder("usage: bin/odoo-stack <command> <stack> [options]\n")
                .append("       bin/odoo-stack <command> --help  (that command's options)\n\n");
        for (var e : root.subcommands().entrySet()) {
            var usage = e.getValue().getCommandSpec().usageMessage();
            if (usage.customSynopsis().length == 0) {
                continue; // picocli's own help command
            }
            b.append("  ").append(plain(usage.customSynopsis()[0]).replaceFirst("^bin/odoo-stack ", "")).append('\n');
            for (String line : usage.description()) {
                b.append("        ").append(plain(line)).append('\n');
            }
        }
        return b.append('\n').append(ENVIRONMENT).toString();
    }

    /** A picocli text as printed: its format escapes undone. */
    private static String plain(String s) {
        return s.replace("%%", "%");
    }
}
