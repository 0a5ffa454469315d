package dev.odoostack.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.odoostack.config.Problem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.odoostack.testing.StackConfig.NS;

/**
 * A refusal's fix, pasted: the part before the first " (", which holds what the operator pastes (the parenthesis says
 * more, as everywhere in the refusals), commands joined by " &amp;&amp; ". Each command must be one a shell runs as
 * written for the stack at hand: {@code pulumi config set [--secret] [--path] KEY [VALUE] --stack S},
 * {@code pulumi config rm KEY --stack S}, or the stack file's {@code mv} to a new stack name.
 */
public final class PastedFix {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a pasted {@code pulumi config set --secret KEY} reads from the terminal, in the tests. */
    public static final String TYPED_SECRET = "a-password-typed-in-4711";

    private PastedFix() {
    }

    /** The stack and its configuration after the fix. */
    public record Result(String stack, Map<String, String> config) {
    }

    /** The commands of a fix, as pasted: before the first " (", split at " &amp;&amp; ". */
    public static List<String> commands(Problem p) {
        int note = p.fix().indexOf(" (");
        String commands = note < 0 ? p.fix() : p.fix().substring(0, note);
        return List.of(commands.split(" && "));
    }

    /** The configuration of stack {@code stack} after the fix's commands. */
    public static Result pasted(String stack, Map<String, String> config, Problem p) {
        Map<String, String> after = new HashMap<>(config);
        String now = stack;
        for (String command : commands(p)) {
            List<String> w = words(command, p);
            if (w.size() == 3 && w.get(0).equals("mv") && w.get(1).equals("Pulumi." + now + ".yaml")
                    && w.get(2).matches("Pulumi\\..+\\.yaml")) {
                now = w.get(2).substring("Pulumi.".length(), w.get(2).length() - ".yaml".length());
                continue;
            }
            if (w.size() < 5 || !w.get(0).equals("pulumi") || !w.get(1).equals("config")
                    || !w.get(w.size() - 2).equals("--stack")) {
                throw new AssertionError("not a command that can be pasted: '" + command + "' in " + p.message());
            }
            if (!w.get(w.size() - 1).equals(now)) {
                throw new AssertionError("the command is for stack " + w.get(w.size() - 1) + ", not " + now + ": " + p.message());
            }
            List<String> args = new ArrayList<>(w.subList(3, w.size() - 2));
            boolean secret = args.remove("--secret");
            boolean path = args.remove("--path");
            String key = args.get(0);
            String full = key.contains(":") ? key : NS + key;
            switch (w.get(2)) {
                case "set" -> {
                    if (args.size() != (secret ? 1 : 2)) {
                        throw new AssertionError("set takes a key and a value: '" + command + "' in " + p.message());
                    }
                    String value = secret ? TYPED_SECRET : args.get(1);
                    if (path) {
                        setItem(after, key, value, command, p);
                    } else {
                        after.put(full, value);
                    }
                }
                case "rm" -> {
                    if (args.size() != 1 || path) {
                        throw new AssertionError("rm takes a key: '" + command + "' in " + p.message());
                    }
                    after.remove(full);
                }
                default -> throw new AssertionError("not a command that can be pasted: '" + command + "' in " + p.message());
            }
        }
        return new Result(now, after);
    }

    /** {@code --path 'key[i]' value}: one item of a list, the list as Pulumi hands it to the program (JSON). */
    private static void setItem(Map<String, String> config, String keyPath, String value, String command, Problem p) {
        var m = java.util.regex.Pattern.compile("([A-Za-z]+)\\[(\\d+)]").matcher(keyPath);
        if (!m.matches()) {
            throw new AssertionError("not a list item: '" + command + "' in " + p.message());
        }
        try {
            String current = config.get(NS + m.group(1));
            ArrayNode list = current == null ? JSON.createArrayNode() : (ArrayNode) JSON.readTree(current);
            int i = Integer.parseInt(m.group(2));
            if (i < list.size()) {
                list.set(i, value);
            } else if (i == list.size()) {
                list.add(value);
            } else {
                throw new AssertionError("Pulumi cannot set item " + i + " of a list of " + list.size() + ": " + p.message());
            }
            config.put(NS + m.group(1), JSON.writeValueAsString(list));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A command's words as a POSIX shell splits them: white space, and single quotes with '\'' inside. */
    static List<String> words(String command, Problem p) {
        List<String> out = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new AssertionError("unbalanced quote in '" + command + "': " + p.message());
                }
                word = word == null ? new StringBuilder() : word;
                word.append(command, i + 1, end);
                i = end;
            } else if (c == '\\' && i + 1 < command.length()) {
                word = word == null ? new StringBuilder() : word;
                word.append(command.charAt(++i));
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    out.add(word.toString());
                    word = null;
                }
            } else if ("\"$`;|&<>*?[]{}#!~".indexOf(c) >= 0 && !(c == '~' && word != null)) {
                throw new AssertionError("the shell would interpret '" + c + "' in '" + command + "': " + p.message());
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            out.add(word.toString());
        }
        return out;
    }
}
