package dev.odoostack.commands;

/** After a destroy: where the data is, and how to bring the stack back on it. */
final class DataKept {
    private DataKept() {
    }

    static String line(Env env, String stack, String how) {
        String stateDir;
        try {
            stateDir = StackFacts.load(env, stack).outputs().stateDir();
        } catch (RuntimeException e) {
            stateDir = "its state root";
        }
        return "odoo-stack: stack " + stack + " is down; its data stays where it was: " + stateDir + " (database,"
                + " filestore, logs) and its named volumes, if any (docker volume ls --filter name=^" + stack + "-); " + how
                + " brings it back on the same data";
    }
}
