package dev.odoostack.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration of a stack has problems; all of them are listed, and nothing may be declared. */
public final class ConfigException extends RuntimeException {
    private final List<Problem> problems;

    public ConfigException(String stack, List<Problem> problems) {
        super("stack " + stack + ": " + problems.size() + " configuration problem(s):\n"
                + problems.stream().map(p -> "  - " + p.message()).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
