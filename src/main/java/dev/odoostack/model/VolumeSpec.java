package dev.odoostack.model;

/** A named Docker volume holding stack data; it outlives the stack (kept on {@code pulumi destroy}). */
public record VolumeSpec(String name, String dockerName) {
}
