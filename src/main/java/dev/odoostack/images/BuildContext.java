package dev.odoostack.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The content digest of a Docker build context: every file's path, mode and bytes. The built image is tagged
 * with it, so an unchanged context gives the same tag (nothing rebuilt, no container replaced) and any change a
 * new one.
 */
public final class BuildContext {
    private BuildContext() {
    }

    public static String digest(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": no such build context (run from the project directory)");
        }
        MessageDigest sha = sha256();
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .filter(p -> !dir.relativize(p).toString().contains(".venv"))
                    .sorted().toList();
            for (Path p : files) {
                sha.update(dir.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
                sha.update(Files.isExecutable(p) ? (byte) 'x' : (byte) '-');
                sha.update(Files.readAllBytes(p));
                sha.update((byte) 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading build context " + dir, e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
