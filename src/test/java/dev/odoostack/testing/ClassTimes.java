package dev.odoostack.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Each test class's wall time, from before its {@code @BeforeAll} to after its {@code @AfterAll}, in
 * {@code target/class-times/<class>} (seconds): {@code bin/test} prints the ten slowest. Surefire's own time of a class
 * is not that once classes run side by side (pom.xml). Registered for every class through the ServiceLoader file.
 */
public final class ClassTimes implements BeforeAllCallback, AfterAllCallback {
    static final Path DIR = Path.of("target", "class-times");
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ClassTimes.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put("start", System.nanoTime());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        Long start = context.getStore(NS).get("start", Long.class);
        if (start == null) {
            return;
        }
        Files.createDirectories(DIR);
        Files.writeString(DIR.resolve(context.getRequiredTestClass().getName()),
                String.format(Locale.ROOT, "%.1f%n", (System.nanoTime() - start) / 1e9));
    }
}
