package dev.odoostack.commands;

import dev.odoostack.engine.Failure;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * bin/odoo-stack: deploy and operate the Odoo stacks of a project. One class per command, each with its own help;
 * the launcher builds the jar and runs this.
 */
@Command(name = "bin/odoo-stack", version = "odoo-stack",
        subcommands = {Up.class, Preview.class, Destroy.class, Refresh.class, Restore.class, Rebuild.class, Cutover.class,
                MoveEngine.class, Plan.class, Status.class, Logs.class, Backup.class, Backups.class, Psql.class,
                Init.class, Shell.class, Update.class, Compose.class, Settings.class, Build.class, EnvCommand.class,
                InstallPulumi.class, CommandLine.HelpCommand.class},
        description = "Deploy and inspect the Odoo stacks (opw, cm) declared in this repository.")
public final class OdooStack implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Env env;

    OdooStack(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        env.err().print(Overview.text(spec));
        return 2;
    }

    public static void main(String[] args) {
        System.exit(run(Env.system(args), args));
    }

    /** Runs one command line in {@code env}; its exit code. */
    public static int run(Env env, String... args) {
        CommandLine cl = commandLine(env);
        return cl.execute(args);
    }

    static CommandLine commandLine(Env env) {
        CommandLine cl = new CommandLine(new OdooStack(env), new Factory(env));
        cl.setOut(new java.io.PrintWriter(env.out(), true));
        cl.setErr(new java.io.PrintWriter(env.err(), true));
        cl.setUsageHelpLongOptionsMaxWidth(30);
        cl.setUsageHelpWidth(120);
        // what a command hands on (psql's, odoo shell's, pulumi's options) is its own to check
        cl.setUnmatchedOptionsArePositionalParams(true);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof Failure f) {
                if (!f.silent()) {
                    env.err().println("odoo-stack: " + f.getMessage());
                }
                return f.exit();
            }
            throw e;
        });
        // wrong use: that command's own usage, after one line saying what was wrong
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            env.err().println("odoo-stack " + c.getCommandName() + ": " + e.getMessage());
            if (c.getCommand() instanceof OdooStack) {
                env.err().print(Overview.text(c.getCommandSpec()));
            } else {
                c.usage(env.err());
            }
            return 2;
        });
        // the overview names every command with its options (DocCommandsTest reads it)
        cl.getCommandSpec().usageMessage().sectionMap().clear();
        cl.getCommandSpec().usageMessage().sectionKeys(java.util.List.of("overview"));
        cl.getCommandSpec().usageMessage().sectionMap().put("overview", help -> Overview.text(cl.getCommandSpec()));
        return cl;
    }

    /** Commands are made with the environment they run in. */
    private record Factory(Env env) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return cls.getDeclaredConstructor(Env.class).newInstance(env);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
