package dev.odoostack.commands;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where a command runs: the checkout (its scripts, the jar), the project with the stack files, the environment
 * and the two streams. Tests build their own; {@link #system} is the one the launcher gives.
 *
 * @param repo the checkout bin/odoo-stack lives in (ODOO_STACK_REPO, which the launcher sets)
 * @param args the whole command line, as given
 */
public record Env(Path repo, Map<String, String> vars, PrintStream out, PrintStream err, List<String> args) {
    public Env {
        vars = Map.copyOf(vars);
        args = List.copyOf(args);
    }

    static Env system(String[] args) {
        Map<String, String> vars = System.getenv();
        Path repo = Path.of(vars.getOrDefault("ODOO_STACK_REPO", ".")).toAbsolutePath().normalize();
        return new Env(repo, vars, System.out, System.err, List.of(args));
    }

    /** Where Pulumi.yaml and the stack files are: ODOO_STACK_PROJECT_DIR, else the checkout. */
    public Path project() {
        String dir = vars.get("ODOO_STACK_PROJECT_DIR");
        return dir == null || dir.isEmpty() ? repo : Path.of(dir).toAbsolutePath().normalize();
    }

    /** Where state, passphrase and passwords live: ODOO_STACK_HOME, else .odoo-stack in the checkout. */
    public Path home() {
        String dir = vars.get("ODOO_STACK_HOME");
        return dir == null || dir.isEmpty() ? repo.resolve(".odoo-stack") : Path.of(dir).toAbsolutePath().normalize();
    }

    public String get(String name) {
        return vars.getOrDefault(name, "");
    }

    /** The Docker engine the CLI reaches, for messages. */
    public String engineForMessages() {
        String host = get("DOCKER_HOST");
        return host.isEmpty() ? "the local Docker engine" : host;
    }
}
