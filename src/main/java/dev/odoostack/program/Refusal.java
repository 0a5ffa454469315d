package dev.odoostack.program;

/**
 * The program refusing a stack (configuration problems, a change the guard refuses): what `pulumi up` prints is the
 * message alone. An exception is what fails the run under every runner; its stack trace would only bury the
 * message, so it has none.
 */
final class Refusal extends RuntimeException {
    Refusal(String message) {
        super(message, null, false, false);
    }
}
