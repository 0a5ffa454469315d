package dev.odoostack.edge;

import dev.odoostack.config.ConfigKey;
import dev.odoostack.config.ConfigKeys;
import dev.odoostack.config.Problem;
import dev.odoostack.config.Settings;
import dev.odoostack.model.Names;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Mistakes only visible across the stacks of one Docker host: two stacks publishing one host port (the second
 * up fails to bind it), and a guest on a shared proxy whose URL misses the port its owner publishes.
 */
public final class SharedHost {
    private SharedHost() {
    }

    /** @param others the project's other stacks by name; only those on the same Docker host are compared */
    public static List<Problem> problems(Settings self, Map<String, Settings> others) {
        List<Problem> out = new ArrayList<>();
        SortedMap<String, Settings> neighbours = new TreeMap<>();
        others.forEach((name, s) -> {
            if (!name.equals(self.stack()) && s.dockerHost().equals(self.dockerHost())) {
                neighbours.put(name, s);
            }
        });
        String host = self.dockerHost().orElse("the local Docker engine");
        Map<Integer, ConfigKey> mine = published(self);
        for (Settings other : neighbours.values()) {
            for (var p : published(other).keySet()) {
                if (mine.containsKey(p)) {
                    ConfigKey key = mine.get(p);
                    out.add(new Problem(key.fullName(), String.valueOf(p), "stack " + other.stack()
                            + " publishes port " + p + " too, on the same Docker host (" + host
                            + "); the second of the two to come up cannot bind it",
                            key.setCommand(self.stack(), String.valueOf(freePort(self, neighbours)))
                                    + " (or share one proxy: docs/edge.md, 'One proxy per Docker host')"));
                }
            }
        }
        boolean stateReported = false;
        for (Settings other : neighbours.values()) {
            if (!stateReported && (nested(self.stateDir(), other.stateDir()) || nested(other.stateDir(), self.stateDir()))) {
                stateReported = true; // one state root, one line: its fix moves it clear of every other stack
                String root = root(self);
                String otherRoot = root(other);
                boolean apart = neighbours.values().stream().noneMatch(n -> nested(otherRoot + "/" + self.stack(), n.stateDir())
                        || nested(n.stateDir(), otherRoot + "/" + self.stack()));
                out.add(new Problem(ConfigKeys.STATE_ROOT.fullName(), '"' + root + '"',
                        "this stack's state " + self.stateDir() + " and stack " + other.stack() + "'s " + other.stateDir()
                                + " are one inside the other on the same Docker host (" + host
                                + "); a restore, a move or a destroy of one would take the other's files along",
                        apart ? ConfigKeys.STATE_ROOT.setCommand(self.stack(), otherRoot)
                                + " (next to stack " + other.stack() + "'s state, each in a directory of its own)"
                                : "set stateRoot to a directory no other stack's state is in or under (docs/configuration.md#stateroot)"));
            }
            if (guestWithoutPort(self, other)) {
                out.add(new Problem(ConfigKeys.TRAEFIK_EXTERNAL_NETWORK.fullName(), self.traefik().externalNetwork(),
                        "its owner, stack " + other.stack() + ", publishes " + scheme(self) + " on port "
                                + ownerPort(other, self.tls()) + ", which this stack's URL " + Routes.url(self) + " misses",
                        ownerFix(self, other, neighbours)));
            }
            if (guestWithoutPort(other, self)) {
                out.add(new Problem(portKey(other).fullName(), String.valueOf(ownerPort(self, other.tls())),
                        "stack " + other.stack() + " is a guest of this stack's proxy (traefikExternalNetwork "
                                + other.traefik().externalNetwork() + "), and its URL " + Routes.url(other)
                                + " has no port",
                        ownerFix(other, self, neighbours)));
            }
        }
        return out;
    }

    /** The owner's move to the default port, unless a third stack on the host holds that port: then it says so. */
    private static String ownerFix(Settings guest, Settings owner, Map<String, Settings> neighbours) {
        int port = standard(guest);
        var holder = neighbours.values().stream()
                .filter(n -> !n.stack().equals(owner.stack()) && !n.stack().equals(guest.stack()))
                .filter(n -> published(n).containsKey(port)).findFirst();
        if (holder.isPresent()) {
            return "no port move fixes it: port " + port + " is held by stack " + holder.get().stack()
                    + " on the same Docker host; make " + holder.get().stack() + "'s proxy the shared one, or give "
                    + guest.stack() + " a proxy of its own (docs/edge.md, 'One proxy per Docker host')";
        }
        return portKey(guest).setCommand(owner.stack(), String.valueOf(port))
                + " (a shared proxy serves its guests on the default ports)";
    }

    /** Whether a directory is the other or inside it. */
    private static boolean nested(String dir, String in) {
        return (dir + "/").startsWith(in + "/");
    }

    /** The state root a stack's settings name: its state directory without the stack's own name. */
    private static String root(Settings s) {
        return s.stateDir().substring(0, s.stateDir().length() - s.stack().length() - 1);
    }

    /** A guest's URL carries no port: right only when its owner publishes on the default one. */
    private static boolean guestWithoutPort(Settings guest, Settings owner) {
        return !guest.traefik().own() && owner.traefik().own()
                && guest.traefik().externalNetwork().equals(Names.proxyNetwork(owner.stack(), owner.traefik()))
                && ownerPort(owner, guest.tls()) != standard(guest);
    }

    private static String scheme(Settings guest) {
        return guest.tls() ? "HTTPS" : "HTTP";
    }

    private static int standard(Settings guest) {
        return guest.tls() ? 443 : 80;
    }

    private static ConfigKey portKey(Settings guest) {
        return guest.tls() ? ConfigKeys.TRAEFIK_HTTPS_PORT : ConfigKeys.TRAEFIK_HTTP_PORT;
    }

    private static int ownerPort(Settings owner, boolean tls) {
        return tls ? owner.traefik().httpsPort() : owner.traefik().httpPort();
    }

    /** The host ports a stack publishes, with the key that sets each. */
    private static Map<Integer, ConfigKey> published(Settings s) {
        Map<Integer, ConfigKey> ports = new TreeMap<>();
        if (s.traefik().own()) {
            ports.put(s.traefik().httpPort(), ConfigKeys.TRAEFIK_HTTP_PORT);
            if (s.tls()) {
                ports.put(s.traefik().httpsPort(), ConfigKeys.TRAEFIK_HTTPS_PORT);
            }
        }
        return ports;
    }

    /** A port from 8081 up that no stack on the host publishes, for the fix. */
    private static int freePort(Settings self, Map<String, Settings> neighbours) {
        java.util.Set<Integer> used = new java.util.HashSet<>(published(self).keySet());
        neighbours.values().forEach(s -> used.addAll(published(s).keySet()));
        int p = 8081;
        while (used.contains(p)) {
            p++;
        }
        return p;
    }
}
