package dev.odoostack.model;

import dev.odoostack.config.ConfigKey;
import dev.odoostack.config.Secret;

import java.util.Optional;

/**
 * A secret a container reads from a file, and how each back-end provides it:
 * <ul>
 *   <li>Pulumi uploads {@code content} to {@code path} as a Pulumi secret, encrypted in the state;</li>
 *   <li>compose on the operator's engine writes {@code content} to a file of its own, in a directory only root can
 *       open, and bind-mounts it read-only at {@code path} (a file, never a variable: no password shows in
 *       {@code docker inspect});</li>
 *   <li>a platform that keeps secrets as its own variables (Coolify) places no file: the container's variable
 *       {@code envVariable} takes the platform's variable {@code platformVariable}, which the operator sets there.</li>
 * </ul>
 * A value: two specs of the same secret are equal, and it prints without the content ({@link Secret} never shows
 * its value).
 *
 * @param content          what the file holds: the secret's value, or a text made from it (an htpasswd line)
 * @param platformVariable the platform's variable, named after the key: {@code POSTGRES_PASSWORD} for postgresPassword
 * @param envVariable      the container's variable that takes the value where no file is placed
 * @param pathVariable     the container's variable that names the file (the official PostgreSQL image's
 *                         {@code POSTGRES_PASSWORD_FILE}), set only where the file is placed
 */
public record SecretFileSpec(String path, Secret content, String platformVariable, String envVariable,
                             Optional<String> pathVariable) {

    /** The key's value in a file; where no file is placed, the container reads the platform's variable itself. */
    public static SecretFileSpec of(String path, Secret secret) {
        String variable = platformVariable(secret.key());
        return new SecretFileSpec(path, secret, variable, variable, Optional.empty());
    }

    /** The same secret, read from the container's variable {@code name} where no file is placed. */
    public SecretFileSpec readFrom(String name) {
        return new SecretFileSpec(path, content, platformVariable, name, pathVariable);
    }

    /** The same secret, with the container's variable {@code name} naming the file where it is placed. */
    public SecretFileSpec locatedBy(String name) {
        return new SecretFileSpec(path, content, platformVariable, envVariable, Optional.of(name));
    }

    /** A key's platform variable: POSTGRES_PASSWORD for postgresPassword, BACKUP_PASSWORD for backupPassword. */
    public static String platformVariable(ConfigKey key) {
        return key.name().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
    }
}
