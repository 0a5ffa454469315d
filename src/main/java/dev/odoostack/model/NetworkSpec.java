package dev.odoostack.model;

/**
 * A Docker network the stack's containers join.
 *
 * @param internal true for a network without a route out of the host (the database network)
 * @param external true for a network someone else owns (a shared proxy): joined by name, never created or deleted
 */
public record NetworkSpec(String name, String dockerName, boolean internal, boolean external) {
}
