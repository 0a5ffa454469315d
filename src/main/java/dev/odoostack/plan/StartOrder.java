package dev.odoostack.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The resources of a plan in the order {@code pulumi up} can start them, derived from what the program declares:
 * a resource comes after everything it depends on ({@code dependsOn}, including the dependencies its inputs carry)
 * and after its parent. Resources are grouped in steps: a resource's step is one more than the latest step of what
 * it waits for, so PostgreSQL comes before the services that wait for it, and those before the ones that wait for
 * them.
 *
 * <p>Within one step the resources are ready at the same time; there the kind of resource breaks the tie, so that
 * what the others are made of reads first: the component resources that group them (by when their last resource
 * starts), providers, what is only read, networks, volumes, image builds, images, a swarm's secrets and configs, then
 * the rest (containers, services, commands), each by name. No resource name enters the order.
 */
final class StartOrder {
    private StartOrder() {
    }

    /** What the plan registers and what it reads, in start order. */
    static List<PlannedResource> of(Plan plan) {
        List<PlannedResource> resources = new ArrayList<>(plan.resources());
        resources.addAll(plan.reads());
        Set<String> reads = plan.reads().stream().map(StartOrder::address).collect(Collectors.toSet());
        Map<String, PlannedResource> byAddress = new HashMap<>();
        resources.forEach(r -> byAddress.put(address(r), r));
        Set<String> parents = resources.stream().map(PlannedResource::parent).filter(p -> !p.isEmpty())
                .collect(Collectors.toSet());
        Map<String, Integer> steps = new HashMap<>();
        resources.forEach(r -> step(r, byAddress, steps));
        // a component is listed by the step its last resource starts at: the group that is ready first, first
        Map<String, Integer> ready = new HashMap<>();
        for (PlannedResource r : resources) {
            for (String p = r.parent(); !p.isEmpty() && byAddress.containsKey(p); p = byAddress.get(p).parent()) {
                ready.merge(p, steps.get(address(r)), Math::max);
            }
        }
        Comparator<PlannedResource> order = Comparator
                .comparingInt((PlannedResource r) -> steps.get(address(r)))
                .thenComparingInt(r -> kind(r, parents, reads))
                .thenComparingInt(r -> ready.getOrDefault(address(r), 0))
                .thenComparing(PlannedResource::name)
                .thenComparing(PlannedResource::type);
        List<PlannedResource> out = new ArrayList<>(resources);
        out.sort(order);
        return out;
    }

    /** One more than the latest step of what the resource waits for; 0 when it waits for nothing. */
    private static int step(PlannedResource r, Map<String, PlannedResource> byAddress, Map<String, Integer> steps) {
        Integer known = steps.get(address(r));
        if (known != null) {
            return known;
        }
        steps.put(address(r), 0); // a cycle cannot be declared; if one were, it would end here
        int step = 0;
        List<String> waitsFor = new ArrayList<>();
        r.options().path("dependsOn").forEach(d -> waitsFor.add(d.asText()));
        if (!r.parent().isEmpty()) {
            waitsFor.add(r.parent());
        }
        for (String d : waitsFor) {
            PlannedResource dependency = byAddress.get(d);
            if (dependency != null) {
                step = Math.max(step, step(dependency, byAddress, steps) + 1);
            }
        }
        steps.put(address(r), step);
        return step;
    }

    /** The tie-break within one step: what groups, configures or is read first, then what the rest is made of. */
    private static int kind(PlannedResource r, Set<String> parents, Set<String> reads) {
        String kind = r.type().substring(r.type().lastIndexOf(':') + 1);
        if (!r.parent().isEmpty() && parents.contains(address(r))) {
            return 0; // a component
        }
        if (r.type().startsWith("pulumi:providers:")) {
            return 1;
        }
        if (reads.contains(address(r))) {
            return 2;
        }
        return switch (kind) {
            case "Network" -> 3;
            case "Volume" -> 4;
            case "Image" -> 5;
            case "RemoteImage" -> 6;
            case "Secret", "ServiceConfig" -> 7; // the files a swarm service reads
            default -> 8;
        };
    }

    static String address(PlannedResource r) {
        return r.type() + "::" + r.name();
    }
}
