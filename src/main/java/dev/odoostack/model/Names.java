package dev.odoostack.model;

import dev.odoostack.config.Settings;

/** Names on the Docker host carry the stack as prefix, so opw and cm can share one host. */
public final class Names {
    private Names() {
    }

    public static String of(String stack, String role) {
        return stack + "-" + role;
    }

    /** The label that marks a container as this stack's. */
    public static final String STACK_LABEL = "odoo-stack.stack";
    /**
     * The label that names the proxy network a container is routed on: a Traefik routes exactly the containers
     * labelled with its own network, so stacks with their own Traefik stay apart and stacks sharing one meet.
     */
    public static final String PROXY_LABEL = "odoo-stack.proxy";

    public static final String PROXY_NETWORK = "proxy-network";

    /** The Docker name of the proxy network the stack's containers are routed on: its own, or the shared one. */
    public static String proxyNetwork(String stack, Settings.Traefik traefik) {
        return traefik.own() ? of(stack, "proxy") : traefik.externalNetwork();
    }
    public static final String DATABASE_NETWORK = "database-network";
    /** The only network with published ports: Traefik's way in from the host. */
    public static final String EDGE_NETWORK = "edge-network";
    /** Traefik and the Docker API filter, and nothing else. */
    public static final String DOCKER_API_NETWORK = "docker-api-network";

    /** Swarm config and secret names are at most 64 characters. */
    private static final int MAX_SWARM_OBJECT_NAME = 64;

    /**
     * A container's service on a swarm, named as {@code docker stack deploy} names the services of a stack
     * ({@code opw_odoo}), whichever engine deployed it: the day-2 commands find it by one name.
     */
    public static String swarmService(String stack, String name) {
        return stack + "_" + name;
    }

    /** The swarm config that holds a file placed in the container; see {@link #swarmObject}. */
    public static String swarmConfig(ContainerSpec c, ContainerSpec.FileSpec f) {
        return swarmObject(c.dockerName(), f.path(), f.content() + "\0" + f.executable());
    }

    /** The swarm secret that holds a secret file of the container; see {@link #swarmObject}. */
    public static String swarmSecret(ContainerSpec c, SecretFileSpec f) {
        return swarmObject(c.dockerName(), f.path(), secretFingerprint(c.dockerName() + f.path(), f.content().valueOrMark()));
    }

    /**
     * What names a password's secret: a slow, salted derivation of it (PBKDF2), not its plain digest, so the name
     * that shows in plans, state and {@code docker secret ls} gives a dictionary attack on a weak password little.
     */
    static String secretFingerprint(String salt, String content) {
        try {
            javax.crypto.SecretKeyFactory f = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            byte[] key = f.generateSecret(new javax.crypto.spec.PBEKeySpec(content.toCharArray(),
                    ("odoo-stack swarm secret " + salt).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    SECRET_FINGERPRINT_ROUNDS, 256)).getEncoded();
            return java.util.HexFormat.of().formatHex(key);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final int SECRET_FINGERPRINT_ROUNDS = 50_000;

    /**
     * A config's or secret's name: the container, the file and a digest of the content, since a swarm's configs
     * and secrets cannot change: a new content is a new object, and the service rolls to it.
     */
    private static String swarmObject(String container, String path, String content) {
        byte[] digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String hash = java.util.HexFormat.of().formatHex(digest).substring(0, 12);
        String base = container + "-" + path.substring(path.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9_.-]", "-");
        base = base.substring(0, Math.min(base.length(), MAX_SWARM_OBJECT_NAME - hash.length() - 1));
        return base + "-" + hash;
    }
}
