package dev.odoostack.config;

import java.util.Locale;

/**
 * A setting that takes one of a fixed set of values: an enum whose constants the stack file spells as their
 * names in lower case ({@code odooBuild: source} is {@code BuildMode.SOURCE}). The parser reads it once; the rest
 * of the program switches on the constant and never compares the text.
 */
public interface Mode {
    /** Implemented by every enum. */
    String name();

    /** The value as the stack file writes it. */
    default String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
