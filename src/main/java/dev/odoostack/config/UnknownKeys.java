package dev.odoostack.config;

import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keys no one reads: a key in another namespace than this project's or a provider's, and a name this project
 * does not have. Pulumi passes either on without a word, and the setting meant stays at its default.
 */
final class UnknownKeys {
    /** Namespaces of the providers this program uses; their keys are theirs to check. */
    static final Set<String> PROVIDER_NAMESPACES = Set.of("docker", "command");

    private final RawSettings in;

    UnknownKeys(RawSettings in) {
        this.in = in;
    }

    void report() {
        in.fullKeys().stream().sorted()
                .filter(k -> k.contains(":") && !k.startsWith(ConfigKey.NAMESPACE + ":")
                        && !PROVIDER_NAMESPACES.contains(k.substring(0, k.indexOf(':'))))
                .forEach(this::foreignNamespace);
        Set<String> known = new HashSet<>();
        ConfigKeys.ALL.forEach(k -> known.add(k.fullName()));
        in.fullKeys().stream().sorted()
                .filter(k -> k.startsWith(ConfigKey.NAMESPACE + ":") && !known.contains(k))
                .forEach(this::noSuchSetting);
    }

    private void foreignNamespace(String k) {
        String name = k.substring(k.indexOf(':') + 1);
        ConfigKey nearest = nearest(name);
        // pulumi would pass it to no one: the setting the operator meant is silently left at its default
        in.add(new Problem(k, "", "the namespace '" + k.substring(0, k.indexOf(':'))
                + "' is neither this project's (" + ConfigKey.NAMESPACE + ") nor a provider's ("
                + String.join(", ", new TreeSet<>(PROVIDER_NAMESPACES)) + "), so nothing reads it",
                "pulumi config rm '" + k + "' --stack " + in.stack + " and set " + ConfigKey.NAMESPACE + ":"
                        + nearest.name() + " instead (docs/configuration.md lists every key)"));
    }

    private void noSuchSetting(String k) {
        String name = k.substring(ConfigKey.NAMESPACE.length() + 1);
        ConfigKey nearest = nearest(name);
        boolean close = distance(nearest.name().toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT))
                <= Math.max(2, name.length() / 3);
        in.add(new Problem(k, in.get(k).toString(), "no such setting"
                + (close ? " (did you mean " + nearest.name() + "?)" : ""),
                "pulumi config rm " + name + " --stack " + in.stack
                        + (close ? " and set " + nearest.name() + " instead" : "")
                        + "; docs/configuration.md lists every key"));
    }

    /** The setting whose name is closest to a mistyped one (case, camel or dotted forms alike). */
    private static ConfigKey nearest(String name) {
        String wanted = name.replace(".", "").replace("_", "").toLowerCase(Locale.ROOT);
        return ConfigKeys.ALL.stream()
                .min(Comparator.comparingInt(c -> distance(c.name().toLowerCase(Locale.ROOT), wanted)))
                .orElseThrow();
    }

    /** Levenshtein distance, for the did-you-mean of an unknown key. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
