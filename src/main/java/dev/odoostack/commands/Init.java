package dev.odoostack.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.odoostack.engine.Failure;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code init}: create the stack's database. */
@Command(name = "init",
        customSynopsis = "bin/odoo-stack init <stack> [--modules a,b] [--language xx_XX] [--demo]",
        description = {
                "Create the stack's database (a fresh stack has none): Odoo stops, a one-off",
                "container of its image runs `odoo -i base,<modules> --without-demo=all",
                "--load-language xx_XX --stop-after-init`, the admin login gets the password",
                "odooAdminLoginPassword (never shown; the last line says how to read it), Odoo",
                "starts. Refused, changing nothing, when the database exists."})
final class Init implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Parameters(index = "0", paramLabel = "<stack>", description = "the stack (its file: Pulumi.<stack>.yaml)")
    String stack;

    @Option(names = "--modules", paramLabel = "a,b", description = "modules to install besides base")
    String modules;

    @Option(names = "--language", paramLabel = "xx_XX", description = "a language to load, e.g. de_DE")
    String language;

    @Option(names = "--demo", description = "with Odoo's demo data")
    boolean demo;

    private final Env env;

    Init(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Stacks.check(env, stack, "init");
        if (modules != null && !modules.matches("[a-z0-9_]+(,[a-z0-9_]+)*")) {
            throw new Failure("init: --modules '" + modules + "' is not a comma-separated list of module names, e.g. --modules sale,stock", 2);
        }
        if (language != null && !language.matches("[a-z]{2,3}(_[A-Za-z0-9]{2,4})?(@[a-z]+)?")) {
            throw new Failure("init: --language '" + language + "' is not a language code, e.g. --language de_DE", 2);
        }
        var running = DatabaseLife.Running.of(env, stack);
        String db = running.db();
        if (running.hasDatabase()) {
            throw new Failure("init: database " + db + " already exists on " + running.postgres() + ", nothing changed (bin/odoo-stack"
                    + " update " + stack + " --all updates its modules)");
        }
        String password = AdminLogin.password(env, running.facts());
        String base = "base" + (modules == null ? "" : "," + modules);
        List<String> args = new ArrayList<>(List.of("-d", db, "-i", base, "--stop-after-init"));
        if (!demo) {
            args.add("--without-demo=all");
        }
        if (language != null) {
            args.add("--load-language=" + language);
        }
        Path log = running.log("init");
        var progress = new DatabaseLife.Progress(env.err(), "init");
        running.stopOdoo();
        progress.step("stop Odoo");
        if (running.odooTask("init", args, null, log) != 0) {
            // the database did not exist before: what the failed install left goes, so init can run again
            running.psql("DROP DATABASE IF EXISTS \"" + db + "\" WITH (FORCE)");
            running.startOdoo();
            throw new Failure("init: odoo -i failed: " + DatabaseLife.lastError(log) + "; the half-made database " + db
                    + " was dropped; whole log: " + log);
        }
        progress.step("install " + base + " into " + db);
        // the password reaches Odoo inside the script on stdin: never on a command line, in the environment or a log
        String encoded = Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
        String script = "import base64\n"
                + "users = env['res.users'].search([('login', '=', 'admin')])\n"
                + "if len(users) != 1:\n"
                + "    raise SystemExit('odoo-stack: no user with the login admin in database " + db + "')\n"
                + "users.password = base64.b64decode('" + encoded + "').decode()\n"
                + "env.cr.commit()\n"
                + "print('odoo-stack: the admin login has its password')\n";
        if (running.odooTask("init-admin", List.of("shell", "-d", db, "--no-http"), script, log) != 0) {
            running.startOdoo();
            throw new Failure("init: setting the admin password failed: " + DatabaseLife.lastError(log) + "; the database "
                    + db + " stays; whole log: " + log);
        }
        progress.step("admin password set");
        running.startOdoo();
        progress.step("start Odoo (healthy)");
        env.err().println("odoo-stack: database " + db + " of stack " + stack + " created in " + progress.total()
                + " s (modules " + base + "; demo data: " + (demo ? "yes" : "none") + "; language "
                + (language == null ? "en_US" : language) + "); log in at " + running.facts().outputs().url()
                + " as admin, password: " + AdminLogin.hint(env, stack));
        return 0;
    }
}
