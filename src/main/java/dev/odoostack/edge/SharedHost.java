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
        for (Settings other : neighbours.values()) {
            if (guestWithoutPort(self, other)) {
                out.add(new Problem(ConfigKeys.TRAEFIK_EXTERNAL_NETWORK.fullName(), self.traefik().externalNetwork(),
                        "its owner, stack " + other.stack() + ", publishes " + scheme(self) + " on port "
                                + ownerPort(other, self.tls()) + ", which this stack's URL " + Routes.url(self) + " misses",
                        portKey(self).setCommand(other.stack(), String.valueOf(standard(self)))
                                + " (a shared proxy serves its guests on the default ports)"));
            }
            if (guestWithoutPort(other, self)) {
                out.add(new Problem(portKey(other).fullName(), String.valueOf(ownerPort(self, other.tls())),
                        "stack " + other.stack() + " is a guest of this stack's proxy (traefikExternalNetwork "
                                + other.traefik().externalNetwork() + "), and its URL " + Routes.url(other)
                                + " has no port",
                        portKey(other).setCommand(self.stack(), String.valueOf(standard(other)))
                                + " (a shared proxy serves its guests on the default ports)"));
            }
        }
        return out;
    }

    /** A guest's URL carries no port: right only when its owner publishes on the default one. */
    private static boolean guestWithoutPort(Settings guest, Settings owner) {
        return !guest.traefik().own() && owner.traefik().own()
                && guest.traefik().externalNetwork().equals(Names.proxyNetwork(owner))
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
