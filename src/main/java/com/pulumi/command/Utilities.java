package com.pulumi.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * The part of the generated SDK's {@code Utilities} that resources need: the provider plugin version,
 * kept in {@code version.txt} so the version the engine installs is the one this binding was checked against.
 */
public class Utilities {

    private static final String version;

    static {
        var resourceName = "com/pulumi/command/version.txt";
        InputStream stream = Utilities.class.getClassLoader().getResourceAsStream(resourceName);
        if (stream == null) {
            throw new IllegalStateException(String.format("expected resource '%s' on Classpath, not found", resourceName));
        }
        try (var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            version = reader.lines().collect(Collectors.joining("\n")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String getVersion() {
        return version;
    }
}
