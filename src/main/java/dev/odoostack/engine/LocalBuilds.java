package dev.odoostack.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.odoostack.images.OdooImage;
import dev.odoostack.model.Deployment;
import dev.odoostack.model.ImageBuildSpec;
import dev.odoostack.model.ServiceSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compose engine's image builds, before anything is created or changed: each image whose content tag is not on
 * the engine is built with {@code docker build}, the others not at all (the same inputs give the same tag). The
 * build's output goes to a log; the operator sees its steps, and when it fails, the end of the failed step and one
 * last line that names the cause and the fix. Then {@code docker-compose up} finds every image and builds nothing.
 */
final class LocalBuilds {
    static final String FILE = "builds.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
    private static final Pattern LEGACY_STEP = Pattern.compile("^Step (\\d+/\\d+) : (.*)$");
    private static final Pattern BUILDKIT_STEP = Pattern.compile("^#\\d+ \\[[^]]+] .*");
    private static final Pattern NON_ZERO = Pattern.compile("returned a non-zero code: (\\d+)\\s*$");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");
    /** The lines the legacy builder writes about its own work, not the step's. */
    private static final Pattern BUILDER_NOISE = Pattern.compile(
            "^( ---> .*|Removing intermediate container .*|Sending build context .*|DEPRECATED: .*|\\s+BuildKit is .*"
                    + "|\\s+environment-variable\\.|\\s+Install the buildx .*|\\s+https://docs\\.docker\\.com/.*)$");
    private static final int TAIL = 15;

    private LocalBuilds() {
    }

    /** Writes the deployment's image builds next to the rendered compose file, with absolute paths. */
    static void write(Deployment d, Path projectDir, Path dir) throws IOException {
        ArrayNode list = JSON.createArrayNode();
        Set<String> seen = new HashSet<>();
        for (ServiceSpec svc : d.services()) {
            for (ImageBuildSpec b : svc.builds()) {
                if (!seen.add(b.imageName())) {
                    continue;
                }
                ObjectNode n = list.addObject();
                n.put("image", b.imageName());
                n.put("context", projectDir.resolve(b.context()).toString());
                n.put("dockerfile", projectDir.resolve(b.dockerfile()).toString());
                n.put("dockerfileName", b.dockerfile());
                ObjectNode args = n.putObject("args");
                b.args().forEach(args::put);
                ObjectNode settings = n.putObject("settings");
                b.args().keySet().stream().filter(OdooImage.ARG_SETTINGS::containsKey)
                        .forEach(a -> settings.put(a, OdooImage.ARG_SETTINGS.get(a)));
            }
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("stack", d.stack());
        d.dockerHost().ifPresent(h -> root.put("dockerHost", h));
        root.set("builds", list);
        Files.writeString(dir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }

    /**
     * {@link #run} for an engine: a build that failed ends the command, its own last line having said which step
     * failed and where its log is.
     *
     * @param force build even the images the engine has (bin/odoo-stack rebuild: the old --build)
     */
    static void build(Path rendered, Path log, boolean force, PrintStream err) {
        int rc;
        try {
            rc = run(rendered, log, force, err, Processes.Lines.SYSTEM);
        } catch (IOException e) {
            err.println("odoo-stack builds: " + e.getMessage());
            rc = 1;
        }
        if (rc != 0) {
            throw Failure.said(1);
        }
    }

    /**
     * Builds each image of the rendering that the engine does not have.
     *
     * @param log the whole output of the last build, for reading after a failure
     * @return 0, or 1 once a build failed (later ones are not run)
     */
    static int run(Path rendered, Path log, boolean force, PrintStream err, Processes.Lines processes) throws IOException {
        JsonNode root = JSON.readTree(rendered.resolve(FILE).toFile());
        String stack = root.path("stack").asText();
        Map<String, String> env = new LinkedHashMap<>();
        if (root.hasNonNull("dockerHost")) {
            env.put("DOCKER_HOST", root.path("dockerHost").asText());
        }
        // BuildKit, where it is the builder, then prints plain lines too
        env.put("BUILDKIT_PROGRESS", "plain");
        for (JsonNode b : root.path("builds")) {
            String image = b.path("image").asText();
            if (!force && exists(image, env, processes)) {
                err.println("odoo-stack: " + image + ": its inputs are unchanged and it is on the engine; nothing to build");
                continue;
            }
            Files.createDirectories(log.toAbsolutePath().getParent());
            err.println("odoo-stack: building " + image + " from " + b.path("dockerfileName").asText()
                    + " (full output: " + log + ")");
            err.flush();
            List<String> argv = new ArrayList<>(List.of("docker", "build", "--rm", "--force-rm", "--tag", image,
                    "--file", b.path("dockerfile").asText()));
            for (Iterator<Map.Entry<String, JsonNode>> it = b.path("args").fields(); it.hasNext(); ) {
                var a = it.next();
                argv.add("--build-arg");
                argv.add(a.getKey() + "=" + a.getValue().asText());
            }
            argv.add(b.path("context").asText());
            long start = System.nanoTime();
            Outcome o = build(argv, env, log, err, processes);
            if (o.exit() == 0) {
                err.println("odoo-stack: built " + image + " in " + (System.nanoTime() - start) / 1_000_000_000L + " s");
                continue;
            }
            o.tail().forEach(l -> err.println("  | " + l));
            err.println("odoo-stack: " + image + " was not built, and nothing running was changed: "
                    + failure(o, b, stack, log));
            return 1;
        }
        return 0;
    }

    /** What a build left to explain its failure: its exit status, the step it was in and that step's output. */
    record Outcome(int exit, String step, String instruction, List<String> stepLines) {
        /** The step's last lines, without the builder's own summary (the last line says it better). */
        List<String> tail() {
            List<String> lines = stepLines.stream().filter(l -> !l.isBlank())
                    .filter(l -> !(l.startsWith("The command '") && NON_ZERO.matcher(l).find()))
                    .map(l -> abbreviate(l, 200)).toList();
            return lines.subList(Math.max(0, lines.size() - TAIL), lines.size());
        }
    }

    private static Outcome build(List<String> argv, Map<String, String> env, Path log, PrintStream err,
                                 Processes.Lines processes) throws IOException {
        String[] step = {null};
        String[] instruction = {null};
        List<String> stepLines = new ArrayList<>();
        int exit;
        try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            w.write("$ " + String.join(" ", argv) + "\n");
            exit = processes.run(argv, env, raw -> {
                String line = ANSI.matcher(raw).replaceAll("");
                try {
                    w.write(line + "\n");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                Matcher m = LEGACY_STEP.matcher(line);
                if (m.matches()) {
                    step[0] = m.group(1);
                    instruction[0] = m.group(2);
                    stepLines.clear();
                    err.println("odoo-stack:   Step " + step[0] + " : " + abbreviate(instruction[0], 110));
                    err.flush();
                } else if (BUILDKIT_STEP.matcher(line).matches() && !line.matches("^#\\d+ \\[[^]]+] .*(DONE|CACHED).*")) {
                    err.println("odoo-stack:   " + abbreviate(line, 120));
                    err.flush();
                    stepLines.add(line);
                } else if (!BUILDER_NOISE.matcher(line).matches()) {
                    stepLines.add(line);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        return new Outcome(exit, step[0], instruction[0], List.copyOf(stepLines));
    }

    /** The one line that says why the build failed and what to do. */
    static String failure(Outcome o, JsonNode build, String stack, Path log) {
        List<String> lines = o.stepLines().stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String last = lines.isEmpty() ? "the build failed (exit " + o.exit() + ")" : lines.get(lines.size() - 1);
        if (o.instruction() == null) {
            // BuildKit: its own last line says what failed ("ERROR: failed to solve: ...")
            String error = lines.stream().filter(l -> l.startsWith("ERROR: ")).reduce((a, b) -> b).orElse(last);
            return error + "; full output: " + log;
        }
        if (o.instruction().regionMatches(true, 0, "FROM ", 0, 5)) {
            String ref = o.instruction().substring(5).strip().split("\\s+")[0];
            String image = expand(ref, build);
            Matcher v = VARIABLE.matcher(ref);
            String setting = v.find() ? build.path("settings").path(v.group(1)).asText(null) : null;
            String fix = setting != null
                    ? "set odoo-stack:" + setting + " in Pulumi." + stack + ".yaml to an image the engine has"
                    + " (docker images) or can pull, or load that image into the engine (docker load)"
                    : "it is named in " + build.path("dockerfileName").asText()
                    + ": load it into the engine (docker pull, or docker load on a machine without a registry)";
            return "the image " + image + " it builds FROM is not on the Docker engine and cannot be pulled (" + last
                    + "); " + fix;
        }
        Matcher code = NON_ZERO.matcher(last);
        String cause = last;
        String exit = "";
        if (code.find() && lines.size() >= 2) {
            exit = " with exit code " + code.group(1);
            cause = lines.get(lines.size() - 2); // the command's own last word, not the builder's summary
        }
        return "step " + o.step() + " (" + abbreviate(o.instruction(), 60) + ") of "
                + build.path("dockerfileName").asText() + " failed" + exit + ": " + cause + "; full output: " + log;
    }

    /** {@code ${NAME}} and {@code $NAME} with the build arguments, then the Dockerfile's ARG defaults. */
    static String expand(String ref, JsonNode build) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of(build.path("dockerfile").asText()))) {
                Matcher m = Pattern.compile("^\\s*ARG\\s+([A-Za-z_][A-Za-z0-9_]*)=(\\S+)").matcher(line);
                if (m.find()) {
                    values.putIfAbsent(m.group(1), m.group(2));
                }
            }
        } catch (IOException e) {
            // the build arguments alone, then
        }
        build.path("args").fields().forEachRemaining(a -> values.put(a.getKey(), a.getValue().asText()));
        Matcher m = VARIABLE.matcher(ref);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean exists(String image, Map<String, String> env, Processes.Lines processes) throws IOException {
        return processes.run(List.of("docker", "image", "inspect", "--format", "{{.Id}}", image), env, line -> {
        }) == 0;
    }

    private static String abbreviate(String s, int max) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }
}
