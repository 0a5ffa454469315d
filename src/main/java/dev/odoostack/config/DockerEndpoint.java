package dev.odoostack.config;

import java.util.Map;
import java.util.Optional;

/**
 * The Docker engine a stack deploys to, by one rule: the stack's {@code docker:host}, else {@code DOCKER_HOST} of
 * the environment given, else the local engine's default socket. The environment is an input, never read here:
 * the program passes its own ({@code System.getenv()}), the tests a fixed one, so that a shell's DOCKER_HOST
 * (rootless Docker, a remote engine) cannot change what they see.
 *
 * @param url the engine's URL: {@code unix:///path}, {@code tcp://host:port}, {@code ssh://user@host}
 */
public record DockerEndpoint(String url) {
    /** The local engine when neither docker:host nor DOCKER_HOST names one (Docker's and the provider's default). */
    public static final String DEFAULT = "unix:///var/run/docker.sock";
    /** The environment variable Docker's clients, and the docker provider, read the engine from. */
    public static final String ENV = "DOCKER_HOST";
    /** The local engine at its default socket. */
    public static final DockerEndpoint LOCAL = new DockerEndpoint(DEFAULT);

    public DockerEndpoint {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("a Docker endpoint needs a URL");
        }
    }

    /**
     * @param dockerHost the stack's docker:host ({@link Settings#dockerHost()}), empty when the stack names none
     * @param env        the environment of the process that deploys; a blank DOCKER_HOST counts as unset, as Docker has it
     */
    public static DockerEndpoint of(Optional<String> dockerHost, Map<String, String> env) {
        if (dockerHost.isPresent() && !dockerHost.get().isBlank()) {
            return new DockerEndpoint(dockerHost.get().strip());
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new DockerEndpoint(fromEnv.strip());
        }
        return new DockerEndpoint(DEFAULT);
    }

    /**
     * The stack file's settings with the engine the deploying process uses: docker:host as the stack file gives it,
     * else DOCKER_HOST of the environment given (the default socket needs no entry). Pulumi's program, the offline
     * plan and the compose engine all start from this, so the provider, the commands and the Docker API filter's
     * socket mount follow one endpoint.
     */
    public static Map<String, RawValue> withEngine(Map<String, RawValue> raw, Map<String, String> env) {
        String fromEnv = env.get(ENV);
        if (fromEnv == null || fromEnv.isBlank() || raw.containsKey(SettingsParser.DOCKER_HOST)) {
            return raw;
        }
        Map<String, RawValue> with = new java.util.TreeMap<>(raw);
        with.put(SettingsParser.DOCKER_HOST, RawValue.plain(fromEnv.strip()));
        return with;
    }

    /** The same for a stack's settings. */
    public static DockerEndpoint of(Settings settings, Map<String, String> env) {
        return of(settings.dockerHost(), env);
    }

    /** The socket's path on the Docker host, for a {@code unix://} endpoint; empty for tcp:// and ssh://. */
    public Optional<String> unixSocket() {
        return url.startsWith("unix://") ? Optional.of(url.substring("unix://".length())) : Optional.empty();
    }
}
