package dev.odoostack.engine;

/**
 * A command cannot go on: one line for the operator (what is wrong and the fix), and the exit code. Thrown from
 * anywhere below a command; the command line prints it once, prefixed with {@code odoo-stack: }.
 */
public final class Failure extends RuntimeException {
    private final int exit;

    public Failure(String line) {
        this(line, 1);
    }

    public Failure(String line, int exit) {
        super(line, null, false, false);
        this.exit = exit;
    }

    /** A failure whose lines were printed already (each problem on its own): nothing more is said. */
    public static Failure said(int exit) {
        return new Failure(null, exit);
    }

    public boolean silent() {
        return getMessage() == null;
    }

    public int exit() {
        return exit;
    }
}
