package dev.odoostack.config;

/**
 * One thing wrong with a stack's configuration: which key, the value found, why it is wrong and how to fix it.
 *
 * @param value the offending value as shown to the user; secret values are never shown
 */
public record Problem(String key, String value, String why, String fix) {

    public String message() {
        return key + " = " + value + ": " + why + ". Fix: " + fix;
    }

    @Override
    public String toString() {
        return message();
    }
}
