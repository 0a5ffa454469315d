package dev.odoostack.commands;

import dev.odoostack.engine.PulumiSetup;
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
        // what up and preview run with: the state and passphrase file made where missing (its notice on stderr)
        PulumiSetup setup = PulumiSetup.of(env.project(), env.home(), env.vars(), env.err()::println);
        env.out().println("export PULUMI_BACKEND_URL=" + quoted(setup.environment().get("PULUMI_BACKEND_URL")));
        String passphrase = setup.environment().get("PULUMI_CONFIG_PASSPHRASE_FILE");
        if (passphrase != null && !passphrase.isEmpty()) {
            env.out().println("export PULUMI_CONFIG_PASSPHRASE_FILE=" + quoted(passphrase));
        }
        // the launcher put the tool directory's CLI on PATH for this command alone: the shell needs it too
        String tools = env.get("ODOO_STACK_TOOLS_PATH");
        if (!tools.isEmpty()) {
            env.out().println("export PATH=" + quoted(tools) + ":\"$PATH\"");
        }
        return 0;
    }

    /** As bash's printf %q: every character a shell would read specially, backslash-escaped. */
    static String quoted(String s) {
        if (s.isEmpty()) {
            return "''";
        }
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (!(Character.isLetterOrDigit(c) && c < 128) && ",._+:@%/=-".indexOf(c) < 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
