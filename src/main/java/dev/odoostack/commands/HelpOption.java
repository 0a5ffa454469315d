package dev.odoostack.commands;

import picocli.CommandLine.Option;

/** -h/--help on every command: its usage on stdout, exit 0, nothing else done. */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help; nothing else is done")
    boolean help;
}
