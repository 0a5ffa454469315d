package dev.odoostack.edge;

import dev.odoostack.config.ConfigKeys;
import dev.odoostack.config.Problem;
import dev.odoostack.config.Settings;
import dev.odoostack.model.Names;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A guest's {@code traefikExternalNetwork} that names another stack: a stack's proxy network is
 * {@code <stack>-proxy}, so {@code opw-proxy} names stack opw. Checked offline against the project's stack files:
 * a reference to a stack that has no stack file, to the stack itself, to a guest (which creates no proxy network)
 * or to a stack on another Docker host is one that nothing creates. A network not named like a stack's is left to
 * the host checks of preview and up, which ask the Docker host.
 */
public final class StackReferences {
    private static final Pattern STACK_PROXY = Pattern.compile("(.+)-proxy");

    private StackReferences() {
    }

    /** The stack a network name refers to, if it is named like a stack's proxy network. */
    public static Optional<String> stackOf(String network) {
        Matcher m = STACK_PROXY.matcher(network == null ? "" : network);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * @param projectStacks the names of the project's stack files (Pulumi.NAME.yaml), this one's included
     * @param others        the project's other stacks that parse, by name, on any Docker host
     */
    public static List<Problem> problems(Settings self, Set<String> projectStacks, Map<String, Settings> others) {
        String network = self.traefik().externalNetwork();
        Optional<String> named = stackOf(network);
        if (self.traefik().own() || named.isEmpty()) {
            return List.of();
        }
        String target = named.get();
        Settings other = others.get(target);
        String why;
        Optional<String> hint = Optional.empty();
        if (target.equals(self.stack())) {
            why = "is this stack's own proxy network, which a stack creates only when it runs its own Traefik"
                    + " (traefikExternalNetwork not set); nothing creates it";
        } else if (!projectStacks.contains(target)) {
            why = "names the proxy network of stack " + target + ", which has no stack file in this project (Pulumi."
                    + target + ".yaml); nothing creates " + network;
        } else if (other == null) {
            return List.of(); // its stack file has problems of its own, which its own plan names
        } else if (!other.dockerHost().equals(self.dockerHost())) {
            why = "names the proxy network of stack " + target + ", which runs on another Docker host ("
                    + other.dockerHost().orElse("the local Docker engine") + "); nothing creates it on this stack's ("
                    + self.dockerHost().orElse("the local Docker engine") + ")";
        } else if (!other.traefik().own()) {
            why = "names the proxy network of stack " + target + ", which runs no Traefik of its own (it is a guest of "
                    + other.traefik().externalNetwork() + "); nothing creates " + network;
            hint = stackOf(other.traefik().externalNetwork());
        } else {
            return List.of();
        }
        return List.of(new Problem(ConfigKeys.TRAEFIK_EXTERNAL_NETWORK.fullName(), network, why, fix(self, target, hint, others)));
    }

    /**
     * The proxy of a stack that runs Traefik on this Docker host and serves a guest on the default port (else the
     * guest's URL misses the port, SharedHost): the owner of the guest named, else the name closest to the one
     * written. With none, the stack runs a Traefik of its own.
     */
    private static String fix(Settings self, String target, Optional<String> hint, Map<String, Settings> others) {
        int standard = self.tls() ? 443 : 80;
        List<Settings> owners = others.values().stream()
                .filter(o -> !o.stack().equals(self.stack()) && o.traefik().own())
                .filter(o -> o.dockerHost().equals(self.dockerHost()))
                .filter(o -> (self.tls() ? o.traefik().httpsPort() : o.traefik().httpPort()) == standard)
                .sorted(Comparator.comparing((Settings o) -> !hint.map(o.stack()::equals).orElse(false))
                        .thenComparing(o -> distance(o.stack(), target)).thenComparing(Settings::stack))
                .toList();
        String rm = "pulumi config rm traefikExternalNetwork --stack " + self.stack();
        if (owners.isEmpty()) {
            return rm + " (the stack then runs a Traefik of its own; or give stack " + target
                    + " a stack file with a Traefik of its own, docs/edge.md, 'One proxy per Docker host')";
        }
        Settings owner = owners.get(0);
        return ConfigKeys.TRAEFIK_EXTERNAL_NETWORK.setCommand(self.stack(), Names.proxyNetwork(owner.stack(), owner.traefik()))
                + " (the proxy of stack " + owner.stack() + ", which runs Traefik on this Docker host; or " + rm
                + " for a Traefik of its own)";
    }

    /** Levenshtein distance: a typo of a stack's name is closer than another stack's. */
    static int distance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int up = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diagonal = up;
            }
        }
        return row[b.length()];
    }
}
