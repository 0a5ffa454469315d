package dev.odoostack.model;

import java.util.List;
import java.util.Optional;

/**
 * One way in to a service, as data: requests for these hosts (under this path, when one is given) go to this port
 * of the service's containers; where two routes match, the higher priority wins. The service that listens declares
 * its routes (odoo.Odoo#routes) and the edge renders them for its proxy (edge.Routes), so neither reads the other.
 *
 * @param name       the router's name on the Docker host, prefixed by the stack (e.g. {@code opw-odoo})
 * @param pathPrefix empty for the route that takes every path of its hosts
 * @param tls        served over HTTPS, with a certificate for the hosts
 */
public record Route(String name, List<String> hosts, Optional<String> pathPrefix, int port, int priority,
                    boolean tls) {
    public Route {
        hosts = List.copyOf(hosts);
    }
}
