package dev.odoostack.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.odoostack.compose.ComposeFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What {@code bin/odoo-stack up --engine compose} would change: the rendering applied last against a new one, per
 * service (created, recreated with the keys that differ, removed), network and volume, with the lines of the
 * mounted files that differ. Secret files are compared but never shown.
 */
final class ComposeDiff {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ComposeDiff() {
    }

    /** The report, and how many services, networks and volumes would change. */
    record Report(String text, int changes) {
    }

    static Report of(Path applied, Path next) throws IOException {
        JsonNode before = read(applied.resolve("docker-compose.yml"));
        JsonNode after = read(next.resolve("docker-compose.yml"));
        StringBuilder out = new StringBuilder();
        int changes = 0;
        for (String section : List.of("services", "networks", "volumes")) {
            Map<String, JsonNode> b = entries(before.path(section));
            Map<String, JsonNode> a = entries(after.path(section));
            TreeSet<String> names = new TreeSet<>(b.keySet());
            names.addAll(a.keySet());
            for (String name : names) {
                String kind = section.substring(0, section.length() - 1);
                if (!b.containsKey(name)) {
                    out.append("  + ").append(kind).append(' ').append(name).append(" (created)\n");
                    changes++;
                } else if (!a.containsKey(name)) {
                    out.append("  - ").append(kind).append(' ').append(name).append(" (removed)\n");
                    changes++;
                } else if (!a.get(name).equals(b.get(name))) {
                    List<String> paths = new ArrayList<>();
                    differences("", b.get(name), a.get(name), paths);
                    out.append("  ~ ").append(kind).append(' ').append(name)
                            .append(section.equals("services") ? " (recreated)" : " (replaced)").append('\n');
                    for (String p : paths) {
                        out.append("      ").append(p).append('\n');
                    }
                    if (section.equals("services")) {
                        fileLines(applied, next, name, out);
                    }
                    changes++;
                }
            }
        }
        return new Report(changes == 0 ? "  no changes\n" : out.toString(), changes);
    }

    private static JsonNode read(Path file) throws IOException {
        JsonNode n = YAML.readTree(file.toFile());
        return n == null ? YAML.createObjectNode() : n;
    }

    private static Map<String, JsonNode> entries(JsonNode n) {
        Map<String, JsonNode> m = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    /** Dotted paths of the leaves that differ, with both values (lists compare whole). */
    private static void differences(String at, JsonNode b, JsonNode a, List<String> out) {
        if (b.equals(a)) {
            return;
        }
        if (b.isObject() && a.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            b.fieldNames().forEachRemaining(keys::add);
            a.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                differences(at.isEmpty() ? k : at + "." + k, b.path(k), a.path(k), out);
            }
            return;
        }
        out.add(at + ": " + show(b) + " -> " + show(a));
    }

    private static String show(JsonNode n) {
        return n.isMissingNode() ? "(none)" : n.isTextual() ? n.asText() : n.toString();
    }

    /** The lines that differ in the service's mounted files; secret files only say that they changed. */
    private static void fileLines(Path applied, Path next, String service, StringBuilder out) throws IOException {
        for (String area : List.of(ComposeFile.FILES_DIR, ComposeFile.SECRETS_DIR)) {
            Map<String, String> b = files(applied.resolve(area).resolve(service));
            Map<String, String> a = files(next.resolve(area).resolve(service));
            TreeSet<String> names = new TreeSet<>(b.keySet());
            names.addAll(a.keySet());
            for (String f : names) {
                String before = b.getOrDefault(f, "");
                String after = a.getOrDefault(f, "");
                if (before.equals(after)) {
                    continue;
                }
                if (area.equals(ComposeFile.SECRETS_DIR)) {
                    out.append("      secret file ").append(f).append(" changed (not shown)\n");
                    continue;
                }
                out.append("      file ").append(f).append(":\n");
                List<String> bl = before.lines().toList();
                List<String> al = after.lines().toList();
                bl.stream().filter(l -> !al.contains(l)).forEach(l -> out.append("        - ").append(l).append('\n'));
                al.stream().filter(l -> !bl.contains(l)).forEach(l -> out.append("        + ").append(l).append('\n'));
            }
        }
    }

    private static Map<String, String> files(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return m;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                m.put("/" + root.relativize(p), Files.readString(p));
            }
        }
        return m;
    }
}
