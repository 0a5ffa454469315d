package dev.odoostack.model;

/**
 * A named Docker volume holding stack data.
 *
 * @param retain  it outlives the stack: {@code pulumi destroy} forgets it but never deletes it
 * @param protect Pulumi refuses to delete or replace it at all (a production stack's data)
 */
public record VolumeSpec(String name, String dockerName, boolean retain, boolean protect) {
}
