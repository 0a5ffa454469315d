package dev.odoostack.edge;

import java.util.Map;
import java.util.Optional;

/**
 * Parses a Traefik v3 HTTP router rule: matchers with backtick-quoted arguments, combined with {@code &&},
 * {@code ||}, {@code !} and parentheses. A typo in a label would only show when Traefik logs it at runtime; this
 * test checks every rule the program declares with it, before anything is deployed (test code: the program
 * itself never parses its own rules).
 */
public final class RuleCheck {
    /** Traefik v3's HTTP matchers and how many arguments each takes (-1: one or more). */
    static final Map<String, Integer> MATCHERS = Map.ofEntries(
            Map.entry("Host", 1), Map.entry("HostRegexp", 1), Map.entry("Path", 1), Map.entry("PathPrefix", 1),
            Map.entry("PathRegexp", 1), Map.entry("Method", 1), Map.entry("Header", 2), Map.entry("HeaderRegexp", 2),
            Map.entry("Query", -1), Map.entry("QueryRegexp", -1), Map.entry("ClientIP", 1));

    private final String rule;
    private int pos;

    private RuleCheck(String rule) {
        this.rule = rule;
    }

    /** Empty when the rule parses; otherwise what is wrong and where. */
    public static Optional<String> problem(String rule) {
        RuleCheck p = new RuleCheck(rule);
        try {
            p.expression();
            p.space();
            if (p.pos != rule.length()) {
                throw p.error("unexpected '" + rule.charAt(p.pos) + "'");
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private void expression() {
        term();
        while (true) {
            space();
            if (rule.startsWith("&&", pos) || rule.startsWith("||", pos)) {
                pos += 2;
                term();
            } else {
                return;
            }
        }
    }

    private void term() {
        space();
        if (peek('!')) {
            pos++;
            term();
            return;
        }
        if (peek('(')) {
            pos++;
            expression();
            space();
            expect(')');
            return;
        }
        int start = pos;
        while (pos < rule.length() && Character.isLetter(rule.charAt(pos))) {
            pos++;
        }
        String name = rule.substring(start, pos);
        if (name.isEmpty()) {
            throw error("expected a matcher");
        }
        Integer arity = MATCHERS.get(name);
        if (arity == null) {
            throw error("unknown matcher '" + name + "'");
        }
        space();
        expect('(');
        int args = 0;
        do {
            space();
            quoted();
            args++;
            space();
        } while (peek(',') && ++pos > 0);
        expect(')');
        if (arity >= 0 && args != arity) {
            throw error(name + " takes " + arity + " argument(s), got " + args);
        }
    }

    private void quoted() {
        expect('`');
        int end = rule.indexOf('`', pos);
        if (end < 0) {
            throw error("unbalanced backtick");
        }
        if (end == pos) {
            throw error("empty argument");
        }
        pos = end + 1;
    }

    private boolean peek(char c) {
        return pos < rule.length() && rule.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void space() {
        while (pos < rule.length() && rule.charAt(pos) == ' ') {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at position " + pos + " of: " + rule);
    }
}
