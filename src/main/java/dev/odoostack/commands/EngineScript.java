package dev.odoostack.commands;

import dev.odoostack.engine.Processes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The commands whose engine work is still in bash (bin/lib/odoo-stack-engine.sh): their arguments are checked
 * in Java first (help, usage, the stack), then the script runs with the command line as given.
 */
final class EngineScript {
    static final String PATH = "bin/lib/odoo-stack-engine.sh";

    private EngineScript() {
    }

    /** The script with another command line than the one given (a command's part that is still the script's). */
    static int run(Env env, List<String> args) {
        List<String> c = new ArrayList<>(List.of(env.repo().resolve(PATH).toString()));
        c.addAll(args);
        var vars = new HashMap<>(env.vars());
        vars.put("ODOO_STACK_REPO", env.repo().toString());
        env.out().flush();
        env.err().flush();
        return Processes.attached(c, vars);
    }
}
